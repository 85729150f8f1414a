package dev.edgeweave.tracker.dns;

import static dev.edgeweave.tracker.dns.DnsClient.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.edgeweave.tracker.steer.Coverage;
import dev.edgeweave.tracker.steer.Steering;
import dev.edgeweave.tracker.steer.SteeringConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The UDP and TCP handlers in {@link EmbeddedChannel}s. */
class DnsHandlersTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.1.5", 40000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 53);

    private final DnsResponder responder = responder();

    private static DnsResponder responder() {
        Steering steering = new Steering(Coverage.parse(DnsFixture.COVERAGE, "fixture"), SteeringConfig.of("cdn.test"));
        DnsResponder r = new DnsResponder(DnsConfig.of(SERVER, "cdn.test"),
                new DnsMetrics(new SimpleMeterRegistry(), "cdn.test"));
        steering.addListener(r);
        steering.update(DnsFixture.twoNodes(), List.of("demo.cdn.test"));
        return r;
    }

    /** An embedded channel whose peer is an IP socket address, as on a real TCP connection. */
    private static EmbeddedChannel tcpChannel() {
        EmbeddedChannel ch = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return CLIENT;
            }
        };
        return ch;
    }

    @Test
    void udp_handler_answers_to_the_sender() {
        EmbeddedChannel ch = new EmbeddedChannel(new DnsUdpHandler(responder));
        byte[] q = query("demo.cdn.test.", Type.A).toWire();
        ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(q), SERVER, CLIENT));
        DatagramPacket reply = ch.readOutbound();
        try {
            assertThat(reply.recipient()).isEqualTo(CLIENT);
            Message m = DnsClient.parse(ByteBufBytes.of(reply.content()));
            assertThat(m.getSection(Section.ANSWER)).hasSize(2);
            assertThat(m.getHeader().getID()).isEqualTo(((q[0] & 0xFF) << 8) | (q[1] & 0xFF));
        } finally {
            reply.release();
        }
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void udp_handler_sends_nothing_for_a_response_packet() {
        EmbeddedChannel ch = new EmbeddedChannel(new DnsUdpHandler(responder));
        byte[] q = query("demo.cdn.test.", Type.A).toWire();
        q[2] |= (byte) 0x80;
        ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(q), SERVER, CLIENT));
        Object none = ch.readOutbound();
        assertThat(none).isNull();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void tcp_pipeline_answers_pipelined_queries_split_across_reads() {
        EmbeddedChannel ch = tcpChannel();
        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(65537, 0, 2, 0, 2), new LengthFieldPrepender(2),
                new DnsTcpHandler(responder));
        byte[] a = query("demo.cdn.test.", Type.A).toWire();
        byte[] b = query("nope.cdn.test.", Type.A).toWire();
        ByteBuf stream = Unpooled.buffer();
        stream.writeShort(a.length).writeBytes(a).writeShort(b.length).writeBytes(b);
        byte[] all = ByteBufBytes.of(stream);
        stream.release();
        ch.writeInbound(Unpooled.wrappedBuffer(all, 0, 7));
        ch.writeInbound(Unpooled.wrappedBuffer(all, 7, a.length));
        ch.writeInbound(Unpooled.wrappedBuffer(all, 7 + a.length, all.length - 7 - a.length));

        ByteBuf out = Unpooled.buffer();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf part = (ByteBuf) o;
            out.writeBytes(part);
            part.release();
        }
        Message first = DnsClient.parse(ByteBufBytes.of(out.readSlice(out.readUnsignedShort())));
        Message second = DnsClient.parse(ByteBufBytes.of(out.readSlice(out.readUnsignedShort())));
        assertThat(out.isReadable()).isFalse();
        out.release();
        assertThat(first.getSection(Section.ANSWER)).hasSize(2);
        assertThat(second.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void tcp_limit_closes_connections_beyond_the_cap() {
        DnsTcpLimit limit = new DnsTcpLimit(1);
        EmbeddedChannel first = tcpChannel();
        first.pipeline().addLast(limit);
        first.pipeline().fireChannelActive();
        EmbeddedChannel second = tcpChannel();
        second.pipeline().addLast(limit);
        second.pipeline().fireChannelActive();
        assertThat(first.isOpen()).isTrue();
        assertThat(second.isOpen()).isFalse();
        assertThat(limit.open()).isEqualTo(1);
        assertFalse(first.finishAndReleaseAll());
        assertFalse(second.finishAndReleaseAll());
        assertThat(limit.open()).isZero();
    }

    /** Copies a buffer's readable bytes without moving its reader index. */
    static final class ByteBufBytes {
        private ByteBufBytes() {
        }

        static byte[] of(ByteBuf b) {
            byte[] out = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), out);
            return out;
        }
    }
}
