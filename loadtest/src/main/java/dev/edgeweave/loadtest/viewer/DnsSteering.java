package dev.edgeweave.loadtest.viewer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * DNS steering as a viewer's stub resolver does it: an A query for the publisher's hostname sent
 * from the viewer's own source address (so the tracker locates the viewer by it), the answer kept
 * for its TTL, asked again on failure. dnsjava's {@link SimpleResolver}, configured explicitly —
 * never its global defaults.
 */
final class DnsSteering implements Steering {

    private final SimpleResolver resolver;
    private final Name name;
    private final Executor loop;
    private final LongSupplier nanos;
    private List<InetAddress> answer;
    private long expiresAt;
    private CompletableFuture<List<InetAddress>> inFlight;

    /**
     * @param server the DNS server (the tracker's, or a resolver in front of it)
     * @param source the viewer's source address
     * @param host the publisher's hostname
     * @param timeout per query
     * @param loop the viewer's event loop (completions run there)
     */
    DnsSteering(InetSocketAddress server, InetAddress source, String host, Duration timeout, Executor loop,
                LongSupplier nanos) {
        this.resolver = new SimpleResolver(server);
        this.resolver.setLocalAddress(new InetSocketAddress(source, 0));
        this.resolver.setTimeout(timeout);
        try {
            this.name = Name.fromString(host.endsWith(".") ? host : host + ".");
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException("host: '" + host + "' is not a DNS name (" + e.getMessage() + ")", e);
        }
        this.loop = loop;
        this.nanos = nanos;
    }

    @Override
    public CompletableFuture<List<InetAddress>> resolve(boolean fresh) {
        long now = nanos.getAsLong();
        if (!fresh && answer != null && now - expiresAt < 0) {
            return CompletableFuture.completedFuture(answer);
        }
        if (inFlight != null) {
            return inFlight;
        }
        Message query = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
        CompletableFuture<List<InetAddress>> f = new CompletableFuture<>();
        inFlight = f;
        resolver.sendAsync(query, loop).whenComplete((m, err) -> {
            inFlight = null;
            if (err != null) {
                f.completeExceptionally(new IOException("DNS query for " + name + " failed: " + err.getMessage(), err));
                return;
            }
            int rcode = m.getRcode();
            List<InetAddress> addrs = new ArrayList<>();
            long ttl = Long.MAX_VALUE;
            for (Record r : m.getSection(Section.ANSWER)) {
                if (r instanceof ARecord a) {
                    addrs.add(a.getAddress());
                    ttl = Math.min(ttl, a.getTTL());
                }
            }
            if (rcode != Rcode.NOERROR || addrs.isEmpty()) {
                f.completeExceptionally(new IOException("DNS answer for " + name + ": " + Rcode.string(rcode)
                        + (addrs.isEmpty() ? ", no A records" : "")));
                return;
            }
            answer = List.copyOf(addrs);
            expiresAt = nanos.getAsLong() + TimeUnit.SECONDS.toNanos(Math.max(1, ttl));
            f.complete(answer);
        });
        return f;
    }

    /** The last answer, or null. */
    List<InetAddress> lastAnswer() {
        return answer;
    }
}
