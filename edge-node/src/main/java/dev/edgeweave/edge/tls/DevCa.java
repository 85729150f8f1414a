package dev.edgeweave.edge.tls;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A local certificate authority for devnets and tests: an ECDSA P-256 root that issues server
 * certificates for DNS names and IP addresses, written as PEM files a TLS listener and
 * {@code curl --cacert} read. Never for production: the CA key sits next to the certificates.
 *
 * <pre>{@code
 * DevCa ca = DevCa.create("EdgeWeave devnet CA", Clock.systemUTC(), Duration.ofDays(30));
 * ca.writeCa(dir.resolve("ca.pem"), dir.resolve("ca.key"));
 * ca.issue(dir.resolve("certs/zone.pem"), dir.resolve("certs/zone.key"), DevCa.KeyType.EC_P256,
 *          Duration.ofDays(30), "cdn.test", "*.cdn.test", "127.0.0.11");
 * // curl --cacert dir/ca.pem https://demo.cdn.test:PORT/ --resolve demo.cdn.test:PORT:127.0.0.11
 * }</pre>
 */
public final class DevCa {

    /** Key type of an issued certificate. */
    public enum KeyType { EC_P256, RSA_2048 }

    private final X509Certificate cert;
    private final PrivateKey key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private DevCa(X509Certificate cert, PrivateKey key, Clock clock) {
        this.cert = cert;
        this.key = key;
        this.clock = clock;
    }

    /** A new root CA valid from now (less an hour of clock skew) for {@code validity}. */
    public static DevCa create(String commonName, Clock clock, Duration validity) {
        checkName("commonName", commonName);
        try {
            KeyPair kp = keyPair(KeyType.EC_P256);
            X500Name name = x500(commonName);
            Instant now = clock.instant();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), name, kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            X509Certificate cert = sign(b, kp.getPrivate());
            return new DevCa(cert, kp.getPrivate(), clock);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("creating a CA failed: " + e, e);
        }
    }

    /** A CA written earlier by {@link #writeCa}. */
    public static DevCa load(Path certPem, Path keyPem, Clock clock) throws IOException {
        List<X509Certificate> chain = PemFiles.readChain(certPem);
        PrivateKey key = PemFiles.readKey(keyPem);
        PemFiles.checkMatch(chain.get(0), key, certPem, keyPem);
        return new DevCa(chain.get(0), key, clock);
    }

    public X509Certificate certificate() {
        return cert;
    }

    /** Writes the CA certificate and (owner-only) key as PEM. */
    public void writeCa(Path certPem, Path keyPem) throws IOException {
        writePem(certPem, List.of(cert), false);
        writePem(keyPem, List.of(new JcaPKCS8Generator(key, null)), true);
    }

    /**
     * Issues a server certificate for {@code names} (DNS names, wildcards such as {@code *.cdn.test}, or
     * IP literals) and writes it (leaf, then this CA) and its new key (PKCS#8, owner-only) as PEM.
     * Files are replaced atomically, so a listener reloading them never reads half a file.
     */
    public X509Certificate issue(Path certPem, Path keyPem, KeyType type, Duration validity, String... names)
            throws IOException {
        Objects.requireNonNull(type, "type");
        if (names.length == 0) {
            throw new IllegalArgumentException("names: none (expected: at least one DNS name or IP address)");
        }
        List<GeneralName> sans = new ArrayList<>();
        for (String n : names) {
            checkName("name", n);
            sans.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
        }
        try {
            KeyPair kp = keyPair(type);
            Instant now = clock.instant();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(cert, serial(random),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), x500(names[0]), kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int usage = KeyUsage.digitalSignature | (type == KeyType.RSA_2048 ? KeyUsage.keyEncipherment : 0);
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(cert));
            X509Certificate leaf = sign(b, key);
            writePem(keyPem, List.of(new JcaPKCS8Generator(kp.getPrivate(), null)), true);
            writePem(certPem, List.of(leaf, cert), false);
            return leaf;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("issuing a certificate for " + String.join(", ", names) + " failed: " + e, e);
        }
    }

    private static KeyPair keyPair(KeyType type) throws GeneralSecurityException {
        if (type == KeyType.RSA_2048) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        String alg = signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signer)));
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(128, random).setBit(127);
    }

    private static X500Name x500(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }

    private static boolean isIpLiteral(String n) {
        return n.matches("[0-9.]+") || n.contains(":");
    }

    private static void checkName(String field, String n) {
        if (n == null || n.isBlank() || n.length() > 253) {
            throw new IllegalArgumentException(field + ": " + n + " (expected: a DNS name or an IP address)");
        }
        if (isIpLiteral(n)) {
            try {
                InetAddress.getByName(n); // a literal: no lookup happens
            } catch (IOException e) {
                throw new IllegalArgumentException(field + ": " + n + " (expected: a valid IP address)");
            }
        }
    }

    private static void writePem(Path file, List<?> objects, boolean secret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            if (secret) {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: permissions are the platform's
                }
            }
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
                for (Object o : objects) {
                    if (o instanceof JcaPKCS8Generator g) {
                        pem.writeObject(g);
                    } else {
                        pem.writeObject(o);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
