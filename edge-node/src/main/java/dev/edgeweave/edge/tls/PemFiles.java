package dev.edgeweave.edge.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reading PEM certificate chains and private keys (PKCS#8, SEC1 {@code EC PRIVATE KEY} and PKCS#1
 * {@code RSA PRIVATE KEY}), checking that a key belongs to its certificate, and the host names a
 * certificate covers. Every failure names the file and what was wrong.
 */
final class PemFiles {
    private PemFiles() {}

    /** A certificate chain (leaf first) with its private key and the names the leaf covers. */
    record Pair(Path certFile, Path keyFile, List<X509Certificate> chain, PrivateKey key, List<String> names) {}

    static Pair read(Path certFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = readChain(certFile);
        PrivateKey key = readKey(keyFile);
        checkMatch(chain.get(0), key, certFile, keyFile);
        return new Pair(certFile, keyFile, chain, key, names(chain.get(0)));
    }

    static List<X509Certificate> readChain(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends java.security.cert.Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> out = new ArrayList<>();
            for (var c : certs) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException("certificate " + file + ": no PEM certificate found (expected: -----BEGIN CERTIFICATE-----)");
            }
            return out;
        } catch (CertificateException e) {
            throw new IOException("certificate " + file + ": not a readable PEM certificate chain (" + e.getMessage() + ")", e);
        }
    }

    static PrivateKey readKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            Object o;
            while ((o = pem.readObject()) != null) {
                if (o instanceof PrivateKeyInfo info) {
                    return conv.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair kp) {
                    return conv.getKeyPair(kp).getPrivate();
                }
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IOException("key " + file + ": encrypted keys are not supported (expected: an unencrypted PEM key)");
                }
                // EC PARAMETERS blocks and the like come before the key: skip them.
            }
            throw new IOException("key " + file + ": no PEM private key found (expected: -----BEGIN PRIVATE KEY-----,"
                    + " EC PRIVATE KEY or RSA PRIVATE KEY)");
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("key " + file)) {
                throw e;
            }
            throw new IOException("key " + file + ": not a readable PEM private key (" + e.getMessage() + ")", e);
        }
    }

    /** Signs a probe with {@code key} and verifies it with the certificate: a mismatched pair fails here, not in handshakes. */
    static void checkMatch(X509Certificate cert, PrivateKey key, Path certFile, Path keyFile) throws IOException {
        String alg = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IOException("key " + keyFile + ": algorithm " + key.getAlgorithm()
                    + " is not supported (expected: EC or RSA)");
        };
        try {
            byte[] probe = "edgeweave key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            if (v.verify(sig)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's lands here as well
        }
        throw new IOException("key " + keyFile + " does not belong to certificate " + certFile
                + " (" + cert.getSubjectX500Principal().getName(X500Principal.RFC2253) + ")");
    }

    /** The DNS names (and IP literals) a certificate covers, lower-case; the subject CN only if it has no SAN. */
    static List<String> names(X509Certificate cert) {
        TreeSet<String> names = new TreeSet<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == 2 || type == 7) { // dNSName, iPAddress
                        names.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable SAN: fall back to the CN below
        }
        if (names.isEmpty()) {
            for (String rdn : cert.getSubjectX500Principal().getName(X500Principal.RFC2253).split(",")) {
                if (rdn.startsWith("CN=")) {
                    names.add(rdn.substring(3).toLowerCase(Locale.ROOT));
                }
            }
        }
        return List.copyOf(names);
    }
}
