package dev.edgeweave.loadtest.hls;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The parts of an HLS playlist (RFC 8216) a viewer needs: the media segments with their durations,
 * the target duration, the media sequence of the first segment and whether the list has ended; or,
 * for a master playlist, its variant URIs. A pure function of the text: tags it does not need are
 * skipped, malformed ones it needs are refused with the line number.
 *
 * @param targetDurationSeconds {@code #EXT-X-TARGETDURATION} (0 in a master playlist)
 * @param mediaSequence {@code #EXT-X-MEDIA-SEQUENCE} (default 0)
 * @param ended whether {@code #EXT-X-ENDLIST} is present (VOD, or a live stream that finished)
 * @param segments media segments in order
 * @param variants variant stream URIs of a master playlist, in order (empty in a media playlist)
 */
public record Playlist(int targetDurationSeconds, long mediaSequence, boolean ended, List<Segment> segments,
                       List<String> variants) {

    /**
     * One media segment.
     *
     * @param uri as written in the playlist (relative to the playlist's URI, or absolute)
     * @param durationSeconds from {@code #EXTINF}, {@code > 0}
     */
    public record Segment(String uri, double durationSeconds) {
        /** Validates the fields. */
        public Segment {
            Objects.requireNonNull(uri, "uri");
            if (!(durationSeconds > 0) || Double.isInfinite(durationSeconds)) {
                throw new IllegalArgumentException("segment duration: " + durationSeconds + " (expected: > 0)");
            }
        }

        /** Duration in nanoseconds. */
        public long durationNanos() {
            return Math.round(durationSeconds * 1e9);
        }
    }

    /** Copies the lists. */
    public Playlist {
        segments = List.copyOf(segments);
        variants = List.copyOf(variants);
    }

    /** Whether this is a master playlist (variants, no segments). */
    public boolean isMaster() {
        return !variants.isEmpty();
    }

    /** Total duration of the segments, seconds. */
    public double durationSeconds() {
        return segments.stream().mapToDouble(Segment::durationSeconds).sum();
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the line and what was expected, if the text does not start
     *     with {@code #EXTM3U}, a needed tag is malformed, a segment URI has no {@code #EXTINF}, or the list
     *     has neither segments nor variants
     */
    public static Playlist parse(String text) {
        Objects.requireNonNull(text, "playlist");
        String[] lines = text.split("\r?\n", -1);
        if (lines.length == 0 || !lines[0].strip().startsWith("#EXTM3U")) {
            throw new IllegalArgumentException("playlist: line 1: '" + clip(lines.length == 0 ? "" : lines[0])
                    + "' (expected: #EXTM3U)");
        }
        int target = 0;
        long sequence = 0;
        boolean ended = false;
        boolean expectVariant = false;
        Double pendingDuration = null;
        List<Segment> segments = new ArrayList<>();
        List<String> variants = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            int no = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                if (line.startsWith("#EXTINF:")) {
                    String v = line.substring("#EXTINF:".length());
                    int comma = v.indexOf(',');
                    pendingDuration = number(comma >= 0 ? v.substring(0, comma) : v, no, line);
                } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                    target = (int) integer(line.substring("#EXT-X-TARGETDURATION:".length()), no, line);
                } else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                    sequence = integer(line.substring("#EXT-X-MEDIA-SEQUENCE:".length()), no, line);
                } else if (line.equals("#EXT-X-ENDLIST")) {
                    ended = true;
                } else if (line.startsWith("#EXT-X-STREAM-INF")) {
                    expectVariant = true;
                }
                continue;
            }
            if (expectVariant) {
                variants.add(line);
                expectVariant = false;
            } else if (pendingDuration != null) {
                try {
                    segments.add(new Segment(line, pendingDuration));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("playlist: line " + no + ": " + e.getMessage(), e);
                }
                pendingDuration = null;
            } else {
                throw new IllegalArgumentException("playlist: line " + no + ": URI '" + clip(line)
                        + "' (expected: an #EXTINF or #EXT-X-STREAM-INF line before it)");
            }
        }
        if (segments.isEmpty() && variants.isEmpty()) {
            throw new IllegalArgumentException("playlist: no segments and no variants (expected: at least one"
                    + " #EXTINF segment or #EXT-X-STREAM-INF variant)");
        }
        return new Playlist(target, sequence, ended, segments, variants);
    }

    private static double number(String s, int no, String line) {
        try {
            double d = Double.parseDouble(s.strip());
            if (d > 0 && !Double.isInfinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("playlist: line " + no + ": '" + clip(line)
                + "' (expected: a duration in seconds > 0)");
    }

    private static long integer(String s, int no, String line) {
        try {
            long v = Long.parseLong(s.strip());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("playlist: line " + no + ": '" + clip(line)
                + "' (expected: a non-negative integer)");
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
