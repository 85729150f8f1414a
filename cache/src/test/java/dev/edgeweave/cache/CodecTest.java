package dev.edgeweave.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Metadata and journal encoding, file names, and config validation: pure functions with tables. */
class CodecTest {

    static final StoredHead HEAD = new StoredHead(206, List.of(new Header("Content-Type", "text/plain; charset=ü"),
            new Header("Set-Cookie", "a=1"), new Header("set-cookie", "b=2")), 1_000, 2_000);

    static MetaCodec.Meta meta() {
        return new MetaCodec.Meta("GET demo.cdn.test/a?b=ç", 42, false, 4096, 9_000, HEAD,
                new int[] {4096, 4096, 808}, new int[] {1, -2, 0x7fffffff});
    }

    @Test
    void metadata_round_trips() throws IOException {
        MetaCodec.Meta m = meta();
        MetaCodec.Meta back = MetaCodec.decode(MetaCodec.encode(m));
        assertThat(back.key()).isEqualTo(m.key());
        assertThat(back.version()).isEqualTo(42);
        assertThat(back.head()).isEqualTo(HEAD);
        assertThat(back.head().all("SET-COOKIE")).containsExactly("a=1", "b=2");
        assertThat(back.sliceLengths()).containsExactly(4096, 4096, 808);
        assertThat(back.sliceCrcs()).containsExactly(1, -2, 0x7fffffff);
        assertThat(back.sparse()).isFalse();
    }

    @Test
    void every_flipped_bit_and_every_truncation_of_metadata_is_refused() {
        byte[] good = MetaCodec.encode(meta());
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) (1 << (i % 8));
            assertThatThrownBy(() -> MetaCodec.decode(bad)).as("flip at %d", i).isInstanceOf(IOException.class);
            byte[] cut = Arrays.copyOf(good, i);
            assertThatThrownBy(() -> MetaCodec.decode(cut)).as("cut at %d", i).isInstanceOf(IOException.class);
        }
    }

    @Test
    void journal_stops_at_a_torn_or_corrupt_record() {
        ByteBuffer bb = ByteBuffer.allocate(3 * MetaCodec.JOURNAL_RECORD);
        bb.put(MetaCodec.journalRecord(new MetaCodec.SliceRecord(3, 100, 7)));
        bb.put(MetaCodec.journalRecord(new MetaCodec.SliceRecord(9, 200, 8)));
        bb.put(MetaCodec.journalRecord(new MetaCodec.SliceRecord(1, 300, 9)));
        byte[] all = bb.array();
        assertThat(MetaCodec.decodeJournal(all)).extracting(MetaCodec.SliceRecord::index).containsExactly(3, 9, 1);
        assertThat(MetaCodec.decodeJournal(Arrays.copyOf(all, all.length - 1))).hasSize(2);
        byte[] bad = all.clone();
        bad[MetaCodec.JOURNAL_RECORD + 5] ^= 1;
        assertThat(MetaCodec.decodeJournal(bad)).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({
        "aa00000000000000000000000000000000000000000000000000000000000000.1f.meta, META, 31, -1",
        "aa00000000000000000000000000000000000000000000000000000000000000.0.meta.tmp, TMP, 0, -1",
        "aa00000000000000000000000000000000000000000000000000000000000000.0.journal.tmp, TMP, 0, -1",
        "aa00000000000000000000000000000000000000000000000000000000000000.2.journal, JOURNAL, 2, -1",
        "aa00000000000000000000000000000000000000000000000000000000000000.2.17, SLICE, 2, 17",
    })
    void file_names_parse(String name, ObjectFiles.Kind kind, long version, int slice) {
        ObjectFiles.Name n = ObjectFiles.parse(name);
        assertThat(n).isNotNull();
        assertThat(n.kind()).isEqualTo(kind);
        assertThat(n.version()).isEqualTo(version);
        assertThat(n.slice()).isEqualTo(slice);
    }

    @ParameterizedTest
    @CsvSource({
        "README", "lock",
        "aa00.1.meta",
        "AA00000000000000000000000000000000000000000000000000000000000000.1.meta",
        "aa00000000000000000000000000000000000000000000000000000000000000.xyz.meta",
        "aa00000000000000000000000000000000000000000000000000000000000000.1.07",
        "aa00000000000000000000000000000000000000000000000000000000000000.1.-1",
        "aa00000000000000000000000000000000000000000000000000000000000000.1.data.tmp",
    })
    void foreign_file_names_are_not_ours(String name) {
        assertThat(ObjectFiles.parse(name)).isNull();
    }

    @Test
    void key_hash_is_sha256_hex_and_fans_out_by_its_first_byte() {
        String h = ObjectFiles.hashOf("abc");
        assertThat(h).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(new ObjectFiles(Path.of("/c")).slice(h, 255, 3).toString())
                .isEqualTo("/c/ba/" + h + ".ff.3");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-1 | 10 | 4096 | 0 | memoryCapacity: -1 (expected: >= 0)",
        "0 | 0 | 4096 | 0 | diskCapacity: 0 (expected: > 0)",
        "0 | 10 | 100 | 0 | sliceSize: 100 (expected: 1024..1073741824)",
        "0 | 10 | 4096 | -3 | memoryObjectMax: -3 (expected: 0..2147483639)",
    })
    void config_names_the_bad_field_and_what_was_expected(long mem, long disk, int slice, long objMax, String msg) {
        assertThatThrownBy(() -> new CacheConfig(Path.of("/c"), mem, disk, slice, objMax))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(msg);
    }

    @Test
    void config_defaults_match_the_design() {
        CacheConfig c = CacheConfig.defaults(Path.of("/c"));
        assertThat(c.memoryCapacity()).isEqualTo(256L << 20);
        assertThat(c.diskCapacity()).isEqualTo(10L << 30);
        assertThat(c.sliceSize()).isEqualTo(1 << 20);
        assertThat(c.memoryObjectMax()).isEqualTo(1L << 20);
    }

    @Test
    void stored_head_validates_and_looks_up_names_case_insensitively() {
        assertThat(HEAD.first("content-type")).isEqualTo("text/plain; charset=ü");
        assertThat(HEAD.first("absent")).isNull();
        assertThat(HEAD.contains("SET-COOKIE")).isTrue();
        assertThatThrownBy(() -> new StoredHead(42, List.of(), 0, 0)).hasMessage("status: 42 (expected: 100..999)");
        assertThatThrownBy(() -> new StoredHead(200, List.of(), 10, 5))
                .hasMessage("responseTimeMillis: 5 (expected: >= requestTimeMillis 10)");
        assertThatThrownBy(() -> new Header("", "x")).hasMessage("name: \"\" (expected: a non-empty header name)");
    }
}
