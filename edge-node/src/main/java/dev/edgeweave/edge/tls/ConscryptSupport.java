package dev.edgeweave.edge.tls;

import io.netty.handler.ssl.ApplicationProtocolNames;
import java.security.Provider;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.conscrypt.ApplicationProtocolSelector;
import org.conscrypt.Conscrypt;

/**
 * What Conscrypt needs beyond Netty's standard setup on Java 17 (each measured, see the TLS issue):
 * <ol>
 *   <li>ALPN: the selector is set on each engine here; a client that offers no ALPN (wrk,
 *       {@code curl --no-alpn}) gets HTTP/1.1 instead of a failed handshake (google/conscrypt#973,
 *       #1003: the engine reports {@code null}, which Netty's ALPN wrapper rejects);</li>
 *   <li>native resources are released when the connection closes ({@link ConscryptSslHandler});</li>
 *   <li>TLS 1.3 session tickets are turned on per engine, and writes are cut to 16,000 bytes per wrap
 *       so a ticket plus a full record never overflows the engine's output (a 2 MiB body otherwise
 *       spins the event loop).</li>
 * </ol>
 * Touching Conscrypt classes loads its native library, so nothing here runs unless the operator picked it.
 */
final class ConscryptSupport {
    private ConscryptSupport() {}

    /** Bytes handed to one {@code wrap}: a 16 KiB record's payload less room for a piggy-backed ticket. */
    static final int WRAP_DATA_SIZE = 16_000;

    private static final ApplicationProtocolSelector SELECTOR = new ApplicationProtocolSelector() {
        @Override
        public String selectApplicationProtocol(SSLEngine engine, List<String> offered) {
            return choose(offered);
        }

        @Override
        public String selectApplicationProtocol(SSLSocket socket, List<String> offered) {
            return choose(offered);
        }
    };

    /** h2 if offered, else http/1.1 if offered, else none (the connection goes on as HTTP/1.1). */
    static String choose(List<String> offered) {
        if (offered == null) {
            return null;
        }
        if (offered.contains(ApplicationProtocolNames.HTTP_2)) {
            return ApplicationProtocolNames.HTTP_2;
        }
        return offered.contains(ApplicationProtocolNames.HTTP_1_1) ? ApplicationProtocolNames.HTTP_1_1 : null;
    }

    /** Why Conscrypt cannot run here, or {@code null} if it can. */
    static Throwable unavailabilityCause() {
        try {
            return Conscrypt.isAvailable() ? null : new IllegalStateException("Conscrypt native library did not load");
        } catch (LinkageError | RuntimeException e) {
            return e;
        }
    }

    static Provider newProvider() {
        return Conscrypt.newProvider();
    }

    /** Per-engine setup: our ALPN selector and session tickets. */
    static void configure(SSLEngine engine) {
        Conscrypt.setApplicationProtocolSelector(engine, SELECTOR);
        Conscrypt.setUseSessionTickets(engine, true);
    }
}
