package dev.edgeweave.edge.origin;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Receives one origin exchange, always on the event loop the exchange was started on. Exactly one of
 * {@link #onHead} (followed by contents ending with a {@code LastHttpContent}) or {@link #onError}
 * happens first; an error may also follow a head (a body cut short).
 */
public interface OriginListener {

    /** The response head. Body content follows only after {@link OriginExchange#read()}. */
    void onHead(OriginExchange exchange, HttpResponse head);

    /** A piece of the body; the listener owns it and must release it. The last is a LastHttpContent. */
    void onContent(OriginExchange exchange, HttpContent content);

    /** The exchange failed; nothing more will arrive. */
    void onError(OriginExchange exchange, OriginFailure failure);
}
