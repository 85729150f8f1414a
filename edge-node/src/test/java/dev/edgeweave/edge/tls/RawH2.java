package dev.edgeweave.edge.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An HTTP/2 peer that writes frames by hand (RFC 9113 §4), to do what no well-behaved client does:
 * open-and-reset floods, endless CONTINUATION. HPACK is literal-only (no Huffman, no dynamic table),
 * which every decoder must accept. A reader thread records the GOAWAY the server sends, if any.
 */
final class RawH2 implements AutoCloseable {

    static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, GOAWAY = 7, CONTINUATION = 9;
    static final int END_STREAM = 0x1, END_HEADERS = 0x4, ACK = 0x1;
    static final int CANCEL = 0x8, ENHANCE_YOUR_CALM = 0xb;

    private final SSLSocket socket;
    private final OutputStream out;
    /** Completes with the GOAWAY error code, or -1 if the connection ended without one. */
    final CompletableFuture<Integer> goAway = new CompletableFuture<>();
    /** The GOAWAY's debug data (Netty puts the reason there). */
    volatile String goAwayDebug = "";

    RawH2(SSLContext ctx, InetSocketAddress to) throws IOException {
        socket = TlsSocketClient.connect(ctx, to, null, List.of("h2"));
        if (!"h2".equals(socket.getApplicationProtocol())) {
            socket.close();
            throw new IOException("server did not choose h2 (ALPN: '" + socket.getApplicationProtocol() + "')");
        }
        out = socket.getOutputStream();
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(SETTINGS, 0, 0, new byte[0]);
        out.flush();
        Thread reader = new Thread(this::readFrames, "raw-h2-reader"); // after the preface: it ACKs the server's SETTINGS
        reader.setDaemon(true);
        reader.start();
    }

    synchronized void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        byte[] h = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length, (byte) type,
                (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream};
        out.write(h);
        out.write(payload);
    }

    synchronized void flush() throws IOException {
        out.flush();
    }

    /** A GET header block: :method GET, :scheme https, :path, :authority (static-table names, literal values). */
    static byte[] getBlock(String authority, String path) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x82); // :method GET (indexed 2)
        b.write(0x87); // :scheme https (indexed 7)
        literal(b, 4, path);      // :path
        literal(b, 1, authority); // :authority
        return b.toByteArray();
    }

    /** A literal header field without indexing, with the name from static table entry {@code nameIndex}. */
    static void literal(ByteArrayOutputStream b, int nameIndex, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        b.write(nameIndex); // 0000xxxx: literal without indexing, indexed name (index < 15)
        b.write(v.length);  // no Huffman, length < 127
        b.writeBytes(v);
    }

    /** A literal header field without indexing with a literal name. */
    static byte[] literalField(String name, String value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        b.write(0);
        b.write(n.length);
        b.writeBytes(n);
        b.write(v.length);
        b.writeBytes(v);
        return b.toByteArray();
    }

    static byte[] errorCode(int code) {
        return new byte[] {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code};
    }

    private void readFrames() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                int len = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                in.readInt();
                byte[] payload = in.readNBytes(len);
                if (payload.length < len) {
                    throw new EOFException();
                }
                if (type == SETTINGS && (flags & ACK) == 0) {
                    synchronized (this) {
                        frame(SETTINGS, ACK, 0, new byte[0]);
                        out.flush();
                    }
                } else if (type == GOAWAY) {
                    int code = ((payload[4] & 0xff) << 24) | ((payload[5] & 0xff) << 16) | ((payload[6] & 0xff) << 8)
                            | (payload[7] & 0xff);
                    goAwayDebug = new String(payload, 8, payload.length - 8, StandardCharsets.UTF_8);
                    goAway.complete(code);
                }
            }
        } catch (IOException e) {
            goAway.complete(-1);
        }
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
