package dev.edgeweave.edge;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Native epoll where it loads, NIO otherwise: the one place that chooses. */
public enum Transport {
    EPOLL, NIO;

    private static final Logger log = LoggerFactory.getLogger(Transport.class);

    /** The best transport here ({@code -Dedgeweave.transport=nio} forces NIO, for the test matrix). */
    public static Transport best(String forced) {
        if ("nio".equalsIgnoreCase(forced)) {
            return NIO;
        }
        if (Epoll.isAvailable()) {
            return EPOLL;
        }
        log.info("native epoll unavailable ({}), using NIO", Epoll.unavailabilityCause().toString());
        return NIO;
    }

    public IoHandlerFactory ioHandlerFactory() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public EventLoopGroup newGroup(int threads, ThreadFactory tf) {
        return new MultiThreadIoEventLoopGroup(threads, tf, ioHandlerFactory());
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The socket class for a loop of this transport (origin connections live on viewer loops). */
    public Class<? extends SocketChannel> socketChannel(EventLoop loop) {
        return socketChannel();
    }
}
