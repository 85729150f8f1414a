package dev.edgeweave.loadtest.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipTest {

    @TempDir
    Path dir;

    @Test
    void loads_a_directory_playlist_and_its_segments() throws Exception {
        Files.writeString(dir.resolve("index.m3u8"), "#EXTM3U\n#EXTINF:2,\na.ts\n#EXTINF:2,\nb.ts\n#EXT-X-ENDLIST\n");
        Files.write(dir.resolve("a.ts"), new byte[1000]);
        Files.write(dir.resolve("b.ts"), new byte[3000]);
        Clip c = Clip.load(dir.toString(), Duration.ofSeconds(5));
        assertThat(c.segments()).containsOnlyKeys("a.ts", "b.ts");
        assertThat(c.segmentBytes()).isEqualTo(4000);
        assertThat(c.bitsPerSecond()).isEqualTo(8000.0);
    }

    @Test
    void refuses_a_directory_without_a_playlist_and_segments_outside_it() throws Exception {
        assertThatThrownBy(() -> Clip.fromDirectory(dir)).hasMessageContaining("index.m3u8 not found");
        Files.writeString(dir.resolve("index.m3u8"), "#EXTM3U\n#EXTINF:2,\n../secret.ts\n");
        assertThatThrownBy(() -> Clip.fromDirectory(dir))
                .hasMessageContaining("segment '../secret.ts' (expected: a plain file name next to the playlist)");
        Files.writeString(dir.resolve("index.m3u8"), "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv/index.m3u8\n");
        assertThatThrownBy(() -> Clip.fromDirectory(dir)).hasMessageContaining("is a master playlist");
    }
}
