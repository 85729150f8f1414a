package dev.edgeweave.tracker.steer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoverageTest {

    private static final List<String> LINES = List.of(
            "# devnet coverage",
            "127.0.1.0/24   r0  52.52  13.40",
            "127.0.2.0/24   r1  40.71 -74.01   # New York",
            "",
            "127.0.0.0/8    r2  35.68 139.69",
            "127.0.2.128/25 r3  51.51  -0.13",
            "10.0.0.0/8     r0  48.14  11.58",
            "2001:db8::/32  r1  40.71 -74.01",
            "2001:db8:1::/48 r0 52.52 13.40",
            "0.0.0.0/0      r4   0.00   0.00");

    private final Coverage coverage = Coverage.parse(LINES, "test.cov");

    @ParameterizedTest(name = "{0} -> {1} via {2}")
    @CsvSource({
            "127.0.1.5,       r0, 127.0.1.0/24",
            "127.0.2.5,       r1, 127.0.2.0/24",
            "127.0.2.200,     r3, 127.0.2.128/25",
            "127.0.3.1,       r2, 127.0.0.0/8",
            "10.200.0.1,      r0, 10.0.0.0/8",
            "192.0.2.1,       r4, 0.0.0.0/0",
            "2001:db8::1,     r1, 2001:db8::/32",
            "2001:db8:1::99,  r0, 2001:db8:1::/48",
    })
    void locates_by_longest_prefix(String client, String region, String prefix) throws UnknownHostException {
        Location l = coverage.locate(InetAddress.getByName(client)).orElseThrow();
        assertThat(l.region()).isEqualTo(region);
        assertThat(l.matchedPrefix()).isEqualTo(prefix);
    }

    @Test
    void ipv6_client_outside_every_ipv6_prefix_is_not_located() throws UnknownHostException {
        assertThat(coverage.locate(InetAddress.getByName("2001:db9::1"))).isEmpty();
    }

    @Test
    void region_location_comes_from_the_first_line_naming_it() {
        Location r0 = coverage.region("r0").orElseThrow();
        assertThat(r0.lat()).isEqualTo(52.52);
        assertThat(r0.lon()).isEqualTo(13.40);
        assertThat(r0.matchedPrefix()).isNull();
        assertThat(coverage.region("nowhere")).isEqualTo(Optional.empty());
        assertThat(coverage.regions()).containsExactly("r0", "r1", "r2", "r3", "r4");
    }

    @Test
    void prefix_lengths_are_read_back_by_index() throws UnknownHostException {
        int i = coverage.indexOf(InetAddress.getByName("127.0.2.200"));
        assertThat(coverage.prefixLength(i)).isEqualTo(25);
        assertThat(coverage.entry(i).region()).isEqualTo("r3");
        assertThat(coverage.size()).isEqualTo(8);
    }

    @Test
    void empty_coverage_locates_nobody() throws UnknownHostException {
        assertThat(Coverage.empty().locate(InetAddress.getByName("127.0.0.1"))).isEmpty();
        assertThat(Coverage.empty().regions()).isEmpty();
    }

    @Test
    void parses_a_file(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("coverage.txt");
        Files.write(f, LINES);
        assertThat(Coverage.parse(f).regions()).hasSize(5);
    }

    @Test
    void file_errors_name_the_file_and_line(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.txt");
        Files.write(f, List.of("# ok", "127.0.1.0/24 r0 52.5"));
        assertThatThrownBy(() -> Coverage.parse(f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.toString() + " line 2:")
                .hasMessageContaining("has 3 fields (expected: CIDR REGION LAT LON)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "127.0.1.0 r0 1 2            | line 1: prefix '127.0.1.0' has no '/LENGTH'",
            "127.0.1.0/33 r0 1 2         | length 33 out of range (expected: 0-32)",
            "127.0.1.0/x r0 1 2          | length 'x' is not a number",
            "127.0.1.1/24 r0 1 2         | has host bits set (expected: 127.0.1.0/24)",
            "2001:db8::1/32 r0 1 2       | has host bits set",
            "2001:db8::/129 r0 1 2       | length 129 out of range (expected: 0-128)",
            "example.com/8 r0 1 2        | is not an IPv4 or IPv6 address",
            "300.0.0.0/8 r0 1 2          | is not a valid address",
            "127.0.1.0/24 r0 91 2        | latitude 91 out of range (expected: -90..90)",
            "127.0.1.0/24 r0 1 -181      | longitude -181 out of range (expected: -180..180)",
            "127.0.1.0/24 r0 north 2     | latitude 'north' is not a number",
            "127.0.1.0/24 r0 1 2 extra   | has 5 fields",
    })
    void rejects_bad_lines_naming_what_was_wrong(String line, String message) {
        assertThatThrownBy(() -> Coverage.parse(List.of(line), "cov"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cov line 1: ")
                .hasMessageContaining(message);
    }

    @Test
    void rejects_a_prefix_defined_twice() {
        assertThatThrownBy(() -> Coverage.parse(List.of("127.0.1.0/24 r0 1 2", "# c", "127.0.1.0/24 r1 1 2"), "cov"))
                .hasMessage("cov line 3: prefix 127.0.1.0/24 already defined on line 1 (expected: each prefix once)");
        assertThatThrownBy(() -> Coverage.parse(List.of("2001:db8::/32 r0 1 2", "2001:DB8:0::/32 r1 1 2"), "cov"))
                .hasMessageContaining("cov line 2: prefix")
                .hasMessageContaining("already defined on line 1");
    }
}
