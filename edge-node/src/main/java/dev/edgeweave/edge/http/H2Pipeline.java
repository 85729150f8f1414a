package dev.edgeweave.edge.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The h2 side of a viewer connection (after ALPN {@code h2}, or the h2c preface):
 * {@code h2-idle → h2-codec → h2-multiplex}, and for each stream a child channel
 * {@code h2-stream-codec → h2-request → proxy}, so streams are served by the same {@link ProxyHandler}
 * as HTTP/1.1. Flow control is end to end: a stream channel is writable only while its window and
 * buffer allow, and the proxy writes a body's next piece only after the previous one went out, so a
 * slow stream holds one piece, never an object.
 *
 * <p>Limits (RFC 9113 §10.5 and the floods of 2019–2025): {@value #MAX_CONCURRENT_STREAMS} concurrent
 * streams; the header list as large as an HTTP/1.1 head may be; at most {@value #MAX_RESETS_PER_WINDOW}
 * client resets per {@value #RESET_WINDOW_SECONDS} s (rapid reset, CVE-2023-44487) and as many
 * server-side resets the client provokes (CVE-2025-55163) — past either the connection gets GOAWAY
 * ENHANCE_YOUR_CALM; CONTINUATION floods are cut by the header list size and the small-frame limit;
 * queued control frames (PING/SETTINGS floods) and empty DATA frames are bounded by Netty's defaults.
 */
final class H2Pipeline {
    private H2Pipeline() {}

    private static final Logger log = LoggerFactory.getLogger(H2Pipeline.class);

    static final int MAX_CONCURRENT_STREAMS = 128;
    static final int MAX_RESETS_PER_WINDOW = 200;
    static final int RESET_WINDOW_SECONDS = 30;
    /** CONTINUATION frames smaller than 16 KiB tolerated in one header block. */
    static final int MAX_SMALL_CONTINUATIONS = 16;
    /** Time a connection may close gracefully (streams in flight finish after GOAWAY). */
    static final long GRACEFUL_SHUTDOWN_MILLIS = 10_000;

    /** Adds the h2 connection handlers right after {@code at} (which then removes itself). */
    static void configure(ChannelHandlerContext at, EdgeContext ctx) {
        ChannelPipeline p = at.pipeline();
        p.addAfter(at.name(), Pipeline.H2_IDLE, new IdleCloser(ctx.config.timeouts().viewerIdle().toMillis()));
        p.addAfter(Pipeline.H2_IDLE, Pipeline.H2_CODEC, codec(ctx));
        p.addAfter(Pipeline.H2_CODEC, Pipeline.H2_MULTIPLEX, new Http2MultiplexHandler(new StreamInitializer(ctx)));
        at.fireChannelActive(); // the codec sends its SETTINGS on channelActive
    }

    static Http2FrameCodec codec(EdgeContext ctx) {
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                .maxHeaderListSize(ctx.config.maxHeaderBytes());
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(settings)
                .validateHeaders(true)
                .decoderEnforceMaxRstFramesPerWindow(MAX_RESETS_PER_WINDOW, RESET_WINDOW_SECONDS)
                .encoderEnforceMaxRstFramesPerWindow(MAX_RESETS_PER_WINDOW, RESET_WINDOW_SECONDS)
                .decoderEnforceMaxSmallContinuationFrames(MAX_SMALL_CONTINUATIONS)
                .gracefulShutdownTimeoutMillis(GRACEFUL_SHUTDOWN_MILLIS)
                .build();
    }

    /** Builds each stream's pipeline. */
    private static final class StreamInitializer extends ChannelInitializer<Http2StreamChannel> {
        private final EdgeContext ctx;

        StreamInitializer(EdgeContext ctx) {
            this.ctx = ctx;
        }

        @Override
        protected void initChannel(Http2StreamChannel ch) {
            ch.pipeline().addLast(Pipeline.H2_STREAM_CODEC, new Http2StreamFrameToHttpObjectCodec(true, true));
            ch.pipeline().addLast(Pipeline.H2_REQUEST, StripConversionHeaders.INSTANCE);
            ch.pipeline().addLast(Pipeline.PROXY, new ProxyHandler(ctx));
        }
    }

    /**
     * Netty's frame-to-HTTP conversion adds {@code x-http2-scheme}, {@code x-http2-stream-id} and the
     * like to each request: the proxy forwards end-to-end fields, so they are removed before it.
     */
    @ChannelHandler.Sharable
    static final class StripConversionHeaders extends ChannelInboundHandlerAdapter {
        static final StripConversionHeaders INSTANCE = new StripConversionHeaders();

        @Override
        public void channelRead(ChannelHandlerContext c, Object msg) {
            if (msg instanceof HttpRequest req) {
                for (HttpConversionUtil.ExtensionHeaderNames n : HttpConversionUtil.ExtensionHeaderNames.values()) {
                    req.headers().remove(n.text());
                }
            }
            c.fireChannelRead(msg);
        }
    }

    /**
     * First of the h2 handlers: a connection with neither reads nor writes for the viewer idle timeout is
     * closed through the whole pipeline, so the codec says GOAWAY first.
     */
    static final class IdleCloser extends IdleStateHandler {
        IdleCloser(long idleMillis) {
            super(0, 0, idleMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        protected void channelIdle(ChannelHandlerContext c, IdleStateEvent evt) {
            if (evt.state() == IdleState.ALL_IDLE) {
                log.debug("closing idle h2 connection {}", c.channel().remoteAddress());
                c.channel().close();
            }
        }
    }
}
