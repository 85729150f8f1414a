package dev.edgeweave.edge.origin;

/**
 * Why an origin exchange failed, with the status a viewer gets for it: 504 for timeouts, 502 otherwise.
 *
 * @param kind    what went wrong
 * @param message a short human reason, sent to the viewer in the error body and Cache-Status detail
 */
public record OriginFailure(Kind kind, String message) {

    public enum Kind {
        CONNECT_FAILED(502), CONNECT_TIMEOUT(504), FIRST_BYTE_TIMEOUT(504), IDLE_TIMEOUT(504),
        CLOSED_EARLY(502), PROTOCOL_ERROR(502), ABORTED(502);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public int status() {
        return kind.status();
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
