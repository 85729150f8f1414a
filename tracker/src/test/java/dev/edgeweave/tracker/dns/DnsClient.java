package dev.edgeweave.tracker.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/**
 * A test DNS client over plain JDK sockets, configured explicitly (never dnsjava's global resolvers):
 * UDP from a chosen source address, TCP with 2-byte length framing.
 */
final class DnsClient {

    private static final int TIMEOUT_MS = 10_000;

    private DnsClient() {
    }

    /** A query with RD set (like a stub resolver sends), no EDNS. */
    static Message query(String name, int type) {
        try {
            Message m = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
            return m;
        } catch (TextParseException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    /** The query without RD, like a resolver's query to an authoritative server. */
    static Message noRd(Message m) {
        m.getHeader().unsetFlag(Flags.RD);
        return m;
    }

    static Message edns(Message m, int payload, EDNSOption... options) {
        m.addRecord(new OPTRecord(payload, 0, 0, 0, options), Section.ADDITIONAL);
        return m;
    }

    static Message udp(InetSocketAddress server, String from, Message query) {
        return parse(udp(server, from, query.toWire()));
    }

    /** Sends raw bytes over UDP from {@code from}:0 and returns the reply bytes. */
    static byte[] udp(InetSocketAddress server, String from, byte[] packet) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(from), 0))) {
            s.setSoTimeout(TIMEOUT_MS);
            s.send(new DatagramPacket(packet, packet.length, server));
            byte[] buf = new byte[65535];
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            s.receive(reply);
            return Arrays.copyOf(buf, reply.getLength());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends raw bytes over UDP and expects no reply within {@code millis}. */
    static boolean udpGetsNoReply(InetSocketAddress server, String from, byte[] packet, int millis) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(from), 0))) {
            s.setSoTimeout(millis);
            s.send(new DatagramPacket(packet, packet.length, server));
            s.receive(new DatagramPacket(new byte[512], 512));
            return false;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Message tcp(InetSocketAddress server, Message query) {
        try (Socket s = new Socket()) {
            s.setSoTimeout(TIMEOUT_MS);
            s.connect(server, TIMEOUT_MS);
            return parse(exchange(s, query.toWire()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One length-prefixed exchange on an open TCP connection. */
    static byte[] exchange(Socket s, byte[] packet) throws IOException {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeShort(packet.length);
        out.write(packet);
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        int len = in.readUnsignedShort();
        byte[] reply = new byte[len];
        in.readFully(reply);
        return reply;
    }

    static Message parse(byte[] wire) {
        try {
            return new Message(wire);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
