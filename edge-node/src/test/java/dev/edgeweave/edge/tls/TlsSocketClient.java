package dev.edgeweave.edge.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A blocking HTTP/1.1-over-TLS client on a JDK {@link SSLSocket}, for what HttpClient cannot choose:
 * the SNI name (or none), the ALPN offer (or none), and the certificate the server presented.
 */
final class TlsSocketClient {
    private TlsSocketClient() {}

    record Result(String alpn, X509Certificate peer, int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Connects, handshakes (SNI {@code sni} unless null, ALPN {@code alpn} unless null) and returns. */
    static SSLSocket connect(SSLContext ctx, InetSocketAddress to, String sni, List<String> alpn) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(to.getAddress(), to.getPort());
        s.setSoTimeout(30_000);
        s.setTcpNoDelay(true); // else Nagle holds the request behind the client Finished for a delayed ACK (40 ms)
        SSLParameters p = s.getSSLParameters();
        p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        if (alpn != null) {
            p.setApplicationProtocols(alpn.toArray(String[]::new));
        }
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    /** One {@code GET path} with {@code Connection: close}; reads the response to the end of the stream. */
    static Result get(SSLContext ctx, InetSocketAddress to, String sni, List<String> alpn, String host, String path,
                      String... extraHeaders) throws IOException {
        try (SSLSocket s = connect(ctx, to, sni, alpn)) {
            StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
            for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
                req.append(extraHeaders[i]).append(": ").append(extraHeaders[i + 1]).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] raw = s.getInputStream().readAllBytes();
            return parse(s.getApplicationProtocol(), (X509Certificate) s.getSession().getPeerCertificates()[0], raw);
        }
    }

    static Result parse(String alpn, X509Certificate peer, byte[] raw) throws IOException {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (end < 0) {
            throw new IOException("no complete response head in " + raw.length + " bytes");
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            h.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(raw, end + 4, raw.length - end - 4);
        return new Result(alpn, peer, status, h, body.toByteArray());
    }

    static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static int indexOf(byte[] a, byte[] b) {
        outer:
        for (int i = 0; i + b.length <= a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                if (a[i + j] != b[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
