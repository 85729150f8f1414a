package dev.edgeweave.edge.http;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;

/**
 * The zero-copy decision, in one place (after reactor-netty's {@code mustChunkFileTransfer}): a body
 * from the disk tier goes out as a {@code FileRegion} (sendfile) only on a plaintext HTTP/1.1 connection
 * of a transport that implements it (epoll or NIO) with no compression or TLS in the pipeline; anything
 * else (TLS, HTTP/2 streams, other transports) gets the bytes read into pooled buffers.
 */
final class ZeroCopy {
    private ZeroCopy() {}

    /** Whether file bodies must be copied into buffers for {@code ch} instead of sendfile. */
    static boolean mustCopy(Channel ch) {
        return mustCopy(ch instanceof EpollSocketChannel || ch instanceof NioSocketChannel,
                ch.pipeline().get(SslHandler.class) != null,
                ch.pipeline().get(io.netty.handler.codec.http.HttpContentCompressor.class) != null,
                ch.parent() != null && !(ch.parent() instanceof io.netty.channel.ServerChannel));
    }

    /**
     * @param sendfileTransport the channel is an epoll or NIO socket
     * @param tls               an SslHandler encrypts the stream
     * @param compressed        a compressor rewrites the body
     * @param multiplexedStream the channel is an HTTP/2 stream (its parent is a connection, not a server)
     */
    static boolean mustCopy(boolean sendfileTransport, boolean tls, boolean compressed, boolean multiplexedStream) {
        return !sendfileTransport || tls || compressed || multiplexedStream;
    }
}
