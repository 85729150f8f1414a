package dev.edgeweave.loadtest.viewer;

import dev.edgeweave.loadtest.hls.Playlist;
import dev.edgeweave.loadtest.origin.Clip;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** Synthetic HLS clips for tests: random segment bytes, a VOD media playlist. */
public final class TestClips {

    private TestClips() {}

    /** {@code segments} segments of {@code bytes} random bytes and {@code seconds} each. */
    public static Clip synthetic(int segments, double seconds, int bytes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder p = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:")
                .append((int) Math.ceil(seconds)).append("\n#EXT-X-MEDIA-SEQUENCE:0\n");
        Map<String, byte[]> segs = new LinkedHashMap<>();
        for (int i = 0; i < segments; i++) {
            String name = String.format(Locale.ROOT, "seg-%03d.ts", i);
            byte[] b = new byte[bytes];
            r.nextBytes(b);
            segs.put(name, b);
            p.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n", seconds)).append(name).append('\n');
        }
        p.append("#EXT-X-ENDLIST\n");
        byte[] text = p.toString().getBytes(StandardCharsets.UTF_8);
        return new Clip(text, segs, Playlist.parse(p.toString()));
    }
}
