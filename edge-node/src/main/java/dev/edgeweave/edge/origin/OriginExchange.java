package dev.edgeweave.edge.origin;

/** Handle on one request/response with the origin, used for flow control. */
public interface OriginExchange {

    /** Asks for more of the response (auto-read is off: nothing arrives until this is called). */
    void read();

    /** Gives up: the connection is closed, not reused; no more callbacks. */
    void abort();
}
