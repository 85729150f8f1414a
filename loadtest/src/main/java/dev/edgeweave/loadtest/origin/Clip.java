package dev.edgeweave.loadtest.origin;

import dev.edgeweave.loadtest.hls.Playlist;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HLS clip held in memory: its media playlist and the segments it names (by the names the
 * playlist uses, which must be plain file names next to it).
 *
 * @param playlist the media playlist bytes
 * @param segments segment name to bytes, in playlist order
 * @param parsed the parsed playlist
 */
public record Clip(byte[] playlist, Map<String, byte[]> segments, Playlist parsed) {

    /** Copies the map. */
    public Clip {
        segments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(segments));
    }

    /**
     * Loads {@code spec}: a directory holding {@code index.m3u8} and its segments, or the {@code http://}
     * URL of a media playlist (its segments are fetched next to it).
     *
     * @throws IOException naming the file or URL that could not be read
     * @throws IllegalArgumentException if the playlist is not a media playlist of plain file names
     */
    public static Clip load(String spec, Duration timeout) throws IOException, InterruptedException {
        if (spec.startsWith("http://") || spec.startsWith("https://")) {
            return fromUrl(URI.create(spec), timeout);
        }
        return fromDirectory(Path.of(spec));
    }

    /** Reads {@code dir/index.m3u8} and its segments. */
    public static Clip fromDirectory(Path dir) throws IOException {
        Path index = dir.resolve("index.m3u8");
        if (!Files.isRegularFile(index)) {
            throw new IOException("--clip: " + index + " not found (expected: a directory with index.m3u8 and its"
                    + " segments)");
        }
        byte[] text = Files.readAllBytes(index);
        Playlist p = media(text, index.toString());
        Map<String, byte[]> segs = new LinkedHashMap<>();
        for (Playlist.Segment s : p.segments()) {
            segs.put(s.uri(), Files.readAllBytes(dir.resolve(s.uri())));
        }
        return new Clip(text, segs, p);
    }

    /** Fetches a playlist and its segments over HTTP. */
    public static Clip fromUrl(URI playlist, Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        byte[] text = get(http, playlist, timeout);
        Playlist p = media(text, playlist.toString());
        Map<String, byte[]> segs = new LinkedHashMap<>();
        for (Playlist.Segment s : p.segments()) {
            segs.put(s.uri(), get(http, playlist.resolve(s.uri()), timeout));
        }
        return new Clip(text, segs, p);
    }

    private static Playlist media(byte[] text, String where) {
        Playlist p;
        try {
            p = Playlist.parse(new String(text, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--clip: " + where + ": " + e.getMessage(), e);
        }
        if (p.isMaster()) {
            throw new IllegalArgumentException("--clip: " + where + " is a master playlist (expected: a media"
                    + " playlist with #EXTINF segments)");
        }
        for (Playlist.Segment s : p.segments()) {
            if (!s.uri().matches("[A-Za-z0-9._-]+") || s.uri().startsWith(".")) {
                throw new IllegalArgumentException("--clip: " + where + ": segment '" + s.uri()
                        + "' (expected: a plain file name next to the playlist)");
            }
        }
        return p;
    }

    private static byte[] get(HttpClient http, URI uri, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("--clip: GET " + uri + " answered " + r.statusCode() + " (expected: 200)");
        }
        return r.body();
    }

    /** Total bytes of the segments. */
    public long segmentBytes() {
        return segments.values().stream().mapToLong(b -> b.length).sum();
    }

    /** Average bit rate of the segments, bits per second. */
    public double bitsPerSecond() {
        double secs = parsed.durationSeconds();
        return secs == 0 ? 0 : segmentBytes() * 8 / secs;
    }
}
