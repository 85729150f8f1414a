package dev.edgeweave.edge.tls;

import dev.edgeweave.edge.EdgeConfig;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Path;
import java.security.Provider;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates a TLS listener serves: the default pair ({@code --cert/--key}) and every pair in the
 * certificate directory ({@code --cert-dir}), each picked by SNI from the names its certificate covers.
 * Files are checked every {@code reloadInterval} on the given scheduler; a changed pair is re-read and
 * new connections get it, without a restart. A pair that fails to load at start is an error; one that
 * fails on reload (half-written, mismatched) keeps its previous version and is logged once.
 *
 * <p>{@link #newHandler()} gives each connection its first handler ({@code tls} in the pipeline), which
 * becomes the provider's {@code SslHandler} once the ClientHello is read.
 */
public final class TlsCertificates implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TlsCertificates.class);

    private final EdgeConfig.Tls config;
    private final TlsProvider provider;
    private final long handshakeTimeoutMillis;
    private final Provider conscrypt;
    private final Map<Path, Loaded> loaded = new LinkedHashMap<>(); // guarded by this
    private final Map<Path, CertificateSource.Fingerprint> failed = new LinkedHashMap<>(); // guarded by this
    private volatile HostMapping<SslContext> mapping;
    private final ScheduledFuture<?> reloadTask;

    private record Loaded(CertificateSource.Entry entry, SslContext context, List<String> names) {}

    private TlsCertificates(EdgeConfig.Tls config, Duration handshakeTimeout, ScheduledExecutorService scheduler)
            throws IOException {
        this.config = config;
        this.provider = config.provider().usable();
        this.handshakeTimeoutMillis = handshakeTimeout.toMillis();
        this.conscrypt = provider == TlsProvider.CONSCRYPT ? ConscryptSupport.newProvider() : null;
        scan(true);
        long every = config.reloadInterval().toMillis();
        this.reloadTask = scheduler == null ? null
                : scheduler.scheduleWithFixedDelay(this::reload, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Reads every configured pair and starts watching them.
     *
     * @param handshakeTimeout  time a client gets for its ClientHello and then for the handshake
     * @param scheduler         runs the file checks (not an I/O loop: reading keys blocks); {@code null}: no reload
     * @throws IOException      a pair cannot be read, or does not match (the message names the file)
     */
    public static TlsCertificates load(EdgeConfig.Tls config, Duration handshakeTimeout, ScheduledExecutorService scheduler)
            throws IOException {
        return new TlsCertificates(config, handshakeTimeout, scheduler);
    }

    /** A new first handler for one TLS connection. */
    public ChannelHandler newHandler() {
        HostMapping<SslContext> m = mapping;
        return new EdgeSniHandler(m::map, provider, handshakeTimeoutMillis);
    }

    /** The provider in use (openssl falls back to jdk where the native library cannot load). */
    public TlsProvider provider() {
        return provider;
    }

    /** Every host name (and wildcard) SNI maps to a certificate, the default certificate's own names included. */
    public SortedSet<String> names() {
        return new TreeSet<>(mapping.names().keySet());
    }

    /** Whether clients sending no or an unknown server name get a certificate (else an alert). */
    public boolean hasDefault() {
        return mapping.fallback() != null;
    }

    /** Checks the files now (the scheduler does this every reload interval). */
    public synchronized void reload() {
        try {
            scan(false);
        } catch (IOException | RuntimeException e) {
            log.warn("TLS certificate check failed: {} (keeping the certificates in use)", e.getMessage());
        }
    }

    private synchronized void scan(boolean initial) throws IOException {
        List<CertificateSource.Entry> entries = CertificateSource.list(config);
        boolean changed = initial;
        Map<Path, Loaded> next = new LinkedHashMap<>();
        for (CertificateSource.Entry e : entries) {
            Loaded old = loaded.get(e.certFile());
            if (old != null && old.entry().sameFiles(e)) {
                next.put(e.certFile(), old);
                continue;
            }
            if (!initial && e.fingerprint().equals(failed.get(e.certFile()))) {
                if (old != null) {
                    next.put(e.certFile(), old);
                }
                continue; // already reported; wait for the files to change again
            }
            try {
                next.put(e.certFile(), load(e));
                failed.remove(e.certFile());
                changed = true;
            } catch (IOException ex) {
                if (initial) {
                    throw ex;
                }
                failed.put(e.certFile(), e.fingerprint());
                log.warn("TLS certificate {} not reloaded: {} ({})", e.certFile(), ex.getMessage(),
                        old != null ? "keeping the previous one" : "not served");
                if (old != null) {
                    next.put(e.certFile(), old);
                }
            }
        }
        if (!next.keySet().equals(loaded.keySet())) {
            changed = true;
        }
        if (!changed) {
            return;
        }
        loaded.clear();
        loaded.putAll(next);
        mapping = buildMapping();
        log.info("TLS ({}): {} certificate(s) {}, names {}, default {}", provider.cliName(), loaded.size(),
                initial ? "loaded" : "reloaded", new TreeSet<>(mapping.names().keySet()),
                config.cert() != null ? config.cert() : "none (unknown names get an alert)");
    }

    private Loaded load(CertificateSource.Entry e) throws IOException {
        PemFiles.Pair pair = PemFiles.read(e.certFile(), e.keyFile());
        try {
            return new Loaded(e, ServerContexts.build(provider, pair, conscrypt), pair.names());
        } catch (SSLException ex) {
            throw new IOException("certificate " + e.certFile() + ": " + provider.cliName()
                    + " refused it (" + ex.getMessage() + ")", ex);
        }
    }

    private HostMapping<SslContext> buildMapping() {
        Map<String, SslContext> names = new LinkedHashMap<>();
        SslContext fallback = null;
        for (Loaded l : loaded.values()) {
            if (l.entry().isDefault()) {
                fallback = l.context();
                continue;
            }
            for (String n : l.names()) {
                SslContext prev = names.putIfAbsent(n, l.context());
                if (prev != null && prev != l.context()) {
                    log.warn("TLS name {} is covered by more than one certificate; {} is not used for it", n,
                            l.entry().certFile());
                }
            }
        }
        if (fallback != null) {
            // The default certificate's own names are served by it too (unless a directory pair claims them).
            for (Loaded l : loaded.values()) {
                if (l.entry().isDefault()) {
                    for (String n : l.names()) {
                        names.putIfAbsent(n, l.context());
                    }
                }
            }
        }
        return new HostMapping<>(names, fallback);
    }

    @Override
    public void close() {
        if (reloadTask != null) {
            reloadTask.cancel(false);
        }
    }
}
