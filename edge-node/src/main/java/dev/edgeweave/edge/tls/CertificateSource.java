package dev.edgeweave.edge.tls;

import dev.edgeweave.edge.EdgeConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The certificate/key file pairs a TLS config names, with a fingerprint (modification time and size of
 * both files) that tells a reload what changed. In the certificate directory a pair is
 * <ul>
 *   <li>{@code NAME.crt} or {@code NAME.pem} with {@code NAME.key}, {@code NAME-key.pem} (mkcert) or
 *       {@code NAME.key.pem};</li>
 *   <li>a sub-directory holding {@code fullchain.pem} and {@code privkey.pem} (certbot, lego).</li>
 * </ul>
 * A certificate without its key is ignored. Host names come from the certificates, not file names.
 */
final class CertificateSource {
    private CertificateSource() {}

    record Fingerprint(long certModified, long certSize, long keyModified, long keySize) {}

    record Entry(Path certFile, Path keyFile, boolean isDefault, Fingerprint fingerprint) {
        boolean sameFiles(Entry o) {
            return certFile.equals(o.certFile) && keyFile.equals(o.keyFile) && isDefault == o.isDefault
                    && fingerprint.equals(o.fingerprint);
        }
    }

    static List<Entry> list(EdgeConfig.Tls tls) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (tls.cert() != null) {
            out.add(entry(tls.cert(), tls.key(), true));
        }
        if (tls.certDir() != null) {
            if (!Files.isDirectory(tls.certDir())) {
                throw new IOException("certDir: " + tls.certDir() + " (expected: a directory of PEM certificate/key pairs)");
            }
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(tls.certDir())) {
                ds.forEach(children::add);
            }
            children.sort(null);
            for (Path p : children) {
                Entry e = pairAt(p);
                if (e != null) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static Entry pairAt(Path p) throws IOException {
        String name = p.getFileName().toString();
        if (name.startsWith(".")) {
            return null; // editors' and Kubernetes' (..data) hidden entries
        }
        if (Files.isDirectory(p)) {
            Path cert = p.resolve("fullchain.pem");
            Path key = p.resolve("privkey.pem");
            return Files.isRegularFile(cert) && Files.isRegularFile(key) ? safeEntry(cert, key) : null;
        }
        String base;
        if (name.endsWith(".crt")) {
            base = name.substring(0, name.length() - 4);
        } else if (name.endsWith(".pem") && !name.endsWith("-key.pem") && !name.endsWith(".key.pem")) {
            base = name.substring(0, name.length() - 4);
        } else {
            return null;
        }
        for (String k : new String[] {base + ".key", base + "-key.pem", base + ".key.pem"}) {
            Path key = p.resolveSibling(k);
            if (Files.isRegularFile(key)) {
                return safeEntry(p, key);
            }
        }
        return null;
    }

    /** An entry for a directory pair; {@code null} if a file vanished between listing and reading. */
    private static Entry safeEntry(Path cert, Path key) throws IOException {
        try {
            return entry(cert, key, false);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static Entry entry(Path cert, Path key, boolean isDefault) throws IOException {
        try {
            return new Entry(cert, key, isDefault, new Fingerprint(Files.getLastModifiedTime(cert).to(TimeUnit.NANOSECONDS),
                    Files.size(cert), Files.getLastModifiedTime(key).to(TimeUnit.NANOSECONDS), Files.size(key)));
        } catch (NoSuchFileException e) {
            if (!isDefault) {
                throw e;
            }
            throw new IOException((Files.exists(cert) ? "key " + key : "certificate " + cert)
                    + ": no such file (expected: a readable PEM file)", e);
        }
    }
}
