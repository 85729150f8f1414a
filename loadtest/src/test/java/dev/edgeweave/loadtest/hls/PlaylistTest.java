package dev.edgeweave.loadtest.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaylistTest {

    @Test
    void parses_a_vod_media_playlist_with_durations_and_endlist() {
        Playlist p = Playlist.parse("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-PLAYLIST-TYPE:VOD
                #EXTINF:2.000000,
                seg-000.ts
                #EXTINF:1.5,title
                seg-001.ts
                #EXT-X-ENDLIST
                """);
        assertThat(p.isMaster()).isFalse();
        assertThat(p.ended()).isTrue();
        assertThat(p.targetDurationSeconds()).isEqualTo(2);
        assertThat(p.segments()).extracting(Playlist.Segment::uri).containsExactly("seg-000.ts", "seg-001.ts");
        assertThat(p.segments().get(1).durationNanos()).isEqualTo(1_500_000_000L);
        assertThat(p.durationSeconds()).isEqualTo(3.5);
    }

    @Test
    void a_live_playlist_has_no_endlist_and_keeps_its_media_sequence() {
        Playlist p = Playlist.parse("#EXTM3U\r\n#EXT-X-TARGETDURATION:4\r\n#EXT-X-MEDIA-SEQUENCE:1042\r\n"
                + "#EXTINF:4,\r\nlive/1042.ts\r\n#EXTINF:4,\r\nlive/1043.ts\r\n");
        assertThat(p.ended()).isFalse();
        assertThat(p.mediaSequence()).isEqualTo(1042);
        assertThat(p.segments()).hasSize(2);
    }

    @Test
    void a_master_playlist_lists_its_variants_in_order() {
        Playlist p = Playlist.parse("""
                #EXTM3U
                #EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720
                720p/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=500000
                360p/index.m3u8
                """);
        assertThat(p.isMaster()).isTrue();
        assertThat(p.variants()).containsExactly("720p/index.m3u8", "360p/index.m3u8");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "#EXTINF:2,|line 1: '#EXTINF:2,' (expected: #EXTM3U)",
        "#EXTM3U\\n#EXTINF:abc,\\nseg.ts|line 2: '#EXTINF:abc,' (expected: a duration in seconds > 0)",
        "#EXTM3U\\n#EXTINF:0,\\nseg.ts|line 2: '#EXTINF:0,' (expected: a duration in seconds > 0)",
        "#EXTM3U\\n#EXT-X-TARGETDURATION:-1\\n#EXTINF:1,\\nseg.ts|line 2: '#EXT-X-TARGETDURATION:-1' (expected: a non-negative integer)",
        "#EXTM3U\\nseg.ts|line 2: URI 'seg.ts' (expected: an #EXTINF or #EXT-X-STREAM-INF line before it)",
        "#EXTM3U\\n#EXT-X-ENDLIST|no segments and no variants",
    })
    void refuses_malformed_playlists_naming_the_line(String text, String message) {
        assertThatThrownBy(() -> Playlist.parse(text.replace("\\n", "\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
