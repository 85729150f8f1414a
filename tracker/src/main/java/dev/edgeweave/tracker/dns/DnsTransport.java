package dev.edgeweave.tracker.dns;

/** Which Netty transport the DNS server runs on. */
public enum DnsTransport {
    /** epoll when the native library loads on this machine, else NIO. */
    AUTO,
    /** Linux epoll (native); start fails if unavailable. */
    EPOLL,
    /** Java NIO, everywhere. */
    NIO
}
