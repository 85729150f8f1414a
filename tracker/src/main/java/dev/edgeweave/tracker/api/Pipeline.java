package dev.edgeweave.tracker.api;

/** Names of the API pipeline's handlers, in order. */
final class Pipeline {

    static final String IDLE = "idle";
    static final String CODEC = "http-codec";
    static final String KEEP_ALIVE = "keep-alive";
    static final String AGGREGATOR = "aggregator";
    static final String API = "api";

    private Pipeline() {}
}
