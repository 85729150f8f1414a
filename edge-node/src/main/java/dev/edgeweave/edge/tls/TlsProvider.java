package dev.edgeweave.edge.tls;

import io.netty.handler.ssl.OpenSsl;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which TLS implementation terminates viewer connections ({@code --tls-provider}).
 * <ul>
 *   <li>{@link #OPENSSL}: BoringSSL through netty-tcnative, the default and the fastest measured here;</li>
 *   <li>{@link #CONSCRYPT}: Google's BoringSSL-based JSSE provider, with its three known defects under
 *       Netty worked around (see {@code ConscryptSslHandler});</li>
 *   <li>{@link #JDK}: the JDK's own SSLEngine.</li>
 * </ul>
 */
public enum TlsProvider {
    OPENSSL, CONSCRYPT, JDK;

    private static final Logger log = LoggerFactory.getLogger(TlsProvider.class);

    /** Parses a CLI/config value: {@code openssl}, {@code conscrypt} or {@code jdk} (any case). */
    public static TlsProvider parse(String value) {
        if (value != null) {
            for (TlsProvider p : values()) {
                if (p.cliName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("tlsProvider: " + (value == null ? "null" : "'" + value + "'")
                + " (expected: openssl, conscrypt or jdk)");
    }

    /** The name used on the command line and in logs. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The provider that will actually run: {@link #OPENSSL} falls back to {@link #JDK} with a log line
     * where the native library cannot load; {@link #CONSCRYPT} fails with a clear message where its
     * native library cannot load (the operator asked for it by name).
     */
    public TlsProvider usable() {
        switch (this) {
            case OPENSSL -> {
                if (OpenSsl.isAvailable()) {
                    return this;
                }
                log.warn("TLS provider openssl unavailable ({}): falling back to jdk",
                        String.valueOf(OpenSsl.unavailabilityCause()));
                return JDK;
            }
            case CONSCRYPT -> {
                Throwable cause = ConscryptSupport.unavailabilityCause();
                if (cause != null) {
                    throw new IllegalStateException("tlsProvider: conscrypt (unavailable here: " + cause
                            + "; expected: openssl or jdk)", cause);
                }
                return this;
            }
            default -> {
                return this;
            }
        }
    }
}
