package dev.edgeweave.tracker.dns;

import dev.edgeweave.tracker.steer.Steering;
import dev.edgeweave.tracker.steer.SteeringSnapshot;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * Turns query bytes into response bytes for both transports: the wire fast path first, the dnsjava
 * path for everything else. Rebuilds its precomputed answers on every steering update (on the updating
 * thread, before {@code Steering.update} returns) and swaps them in with one volatile write, so queries
 * never wait and never see a half-built table.
 */
final class DnsResponder implements Steering.Listener {

    private static final Logger log = LoggerFactory.getLogger(DnsResponder.class);

    private final DnsConfig config;
    private final DnsMetrics metrics;
    private final FastThreadLocal<FastPath> fastPaths = new FastThreadLocal<>() {
        @Override
        protected FastPath initialValue() {
            return new FastPath();
        }
    };
    private volatile CannedTable table;

    DnsResponder(DnsConfig config, DnsMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void steeringChanged(SteeringSnapshot snapshot) {
        long start = System.nanoTime();
        ZoneModel model = ZoneModel.build(config, snapshot);
        CannedTable next = CannedTable.build(model);
        table = next;
        metrics.generation.set(snapshot.generation());
        log.debug("DNS answers for {} rebuilt: generation {}, {} names, {} location classes, {} ms", config.zone(),
                snapshot.generation(), model.names.size(), model.classes.size(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * The response to {@code query} from {@code source}, or null to send nothing. Does not release
     * {@code query}.
     */
    ByteBuf respond(ByteBufAllocator alloc, ByteBuf query, InetAddress source, boolean udp) {
        CannedTable t = table;
        FastPath fast = fastPaths.get();
        int n = fast.answer(t, query, source, udp);
        if (n >= 0) {
            metrics.query(udp, true);
            metrics.response(fast.rcode, fast.truncated);
            ByteBuf out = alloc.directBuffer(n);
            out.writeBytes(fast.out, 0, n);
            return out;
        }
        metrics.query(udp, false);
        byte[] packet = new byte[query.readableBytes()];
        query.getBytes(query.readerIndex(), packet);
        byte[] response = slow(t.model, packet, source, udp);
        if (response == null) {
            metrics.dropped();
            return null;
        }
        int rcode = response[3] & 0xF;
        metrics.response(rcode, (response[2] & 0x02) != 0);
        ByteBuf out = alloc.directBuffer(response.length);
        out.writeBytes(response);
        return out;
    }

    /** The dnsjava path: parse, answer, render with the transport's size limit. */
    static byte[] slow(ZoneModel model, byte[] packet, InetAddress source, boolean udp) {
        if (packet.length >= 3 && (packet[2] & 0x02) != 0 && (packet[2] & 0x80) == 0) {
            // TC in a query means nothing, and makes dnsjava skip what does not parse: FORMERR (as NSD)
            return Answerer.formErr(packet, packet.length);
        }
        Message query;
        try {
            query = new Message(packet);
        } catch (IOException | RuntimeException e) {
            log.debug("FORMERR to {}: {}", source.getHostAddress(), e.getMessage());
            return Answerer.formErr(packet, packet.length);
        }
        Message response;
        try {
            response = Answerer.answer(model, query, source);
        } catch (RuntimeException e) {
            log.warn("SERVFAIL to {} for {}: {}", source.getHostAddress(), query.getQuestion(), e.toString());
            response = Answerer.responseTo(query);
            response.getHeader().setRcode(Rcode.SERVFAIL);
        }
        if (response == null) {
            return null;
        }
        return Answerer.render(response, udp ? Answerer.udpLimit(model.config, query) : 65535);
    }

    /** The current table (tests compare paths with it). */
    CannedTable table() {
        return table;
    }
}
