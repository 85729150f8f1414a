package dev.edgeweave.edge.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, strict about framing: a message with both Content-Length and
 * Transfer-Encoding is a request-smuggling vector, so instead of silently dropping Content-Length
 * (Netty's default) the message is marked failed and the proxy answers 400 and closes.
 */
final class EdgeRequestDecoder extends HttpRequestDecoder {

    static final String BOTH_FRAMINGS = "both Content-Length and Transfer-Encoding present";

    EdgeRequestDecoder(int maxUri, int maxHeader) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(maxUri)
                .setMaxHeaderSize(maxHeader)
                .setMaxChunkSize(64 << 10)
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true));
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        message.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(BOTH_FRAMINGS)));
        super.handleTransferEncodingChunkedWithContentLength(message);
    }
}
