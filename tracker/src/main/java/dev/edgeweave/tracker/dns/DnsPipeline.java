package dev.edgeweave.tracker.dns;

/** Names of the DNS server's pipeline handlers. */
final class DnsPipeline {
    static final String UDP = "dns-udp";
    static final String LIMIT = "dns-limit";
    static final String IDLE = "dns-idle";
    static final String FRAME = "dns-frame";
    static final String LENGTH = "dns-length";
    static final String TCP = "dns-tcp";

    private DnsPipeline() {
    }
}
