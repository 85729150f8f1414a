package dev.edgeweave.loadtest.viewer;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * A tiny authoritative DNS server on a real UDP socket for the load generator's tests: answers every A
 * question with the current address list (TTL 1 s) and remembers the source addresses of queries.
 */
public final class TestDns implements AutoCloseable {

    private final DatagramSocket socket;
    private final Thread thread;
    private volatile List<InetAddress> answer;
    /** Source addresses of queries. */
    public final Set<InetAddress> sources = ConcurrentHashMap.newKeySet();

    public TestDns(List<InetAddress> answer) throws SocketException {
        this.answer = List.copyOf(answer);
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "test-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public void answer(List<InetAddress> addresses) {
        answer = List.copyOf(addresses);
    }

    private void serve() {
        byte[] buf = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                sources.add(p.getAddress());
                Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                Message r = new Message(q.getHeader().getID());
                r.getHeader().setFlag(Flags.QR);
                r.getHeader().setFlag(Flags.AA);
                r.getHeader().setRcode(Rcode.NOERROR);
                r.addRecord(q.getQuestion(), Section.QUESTION);
                for (InetAddress a : answer) {
                    r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 1, a), Section.ANSWER);
                }
                byte[] out = r.toWire();
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (java.io.IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(5000);
    }
}
