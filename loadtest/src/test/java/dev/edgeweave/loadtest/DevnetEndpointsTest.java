package dev.edgeweave.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevnetEndpointsTest {

    @TempDir
    Path dir;

    @Test
    void reads_the_documented_endpoints_json() throws Exception {
        Files.writeString(dir.resolve("endpoints.json"), """
                {"zone":"cdn.test","dns":"127.0.0.1:5300","api":"http://127.0.0.1:7000",
                 "origin":"http://127.0.0.1:7100","publisher":{"name":"demo","host":"demo.cdn.test"},
                 "stream":"/hls/index.m3u8",
                 "nodes":[{"id":"ab","url":"http://127.0.0.11:8080","admin":"http://127.0.0.11:9000","region":"r0"},
                          {"id":"cd","url":"http://127.0.0.12:8080","admin":"http://127.0.0.12:9001","region":"r1"}]}
                """);
        DevnetEndpoints e = DevnetEndpoints.read(dir);
        assertThat(e.dns().getPort()).isEqualTo(5300);
        assertThat(e.nodes()).extracting(LoadConfig.NodeRef::address)
                .containsExactly("127.0.0.11:8080", "127.0.0.12:8080");
        assertThat(e.streamUrl(e.publisherHost(), e.stream()).toString())
                .isEqualTo("http://demo.cdn.test:8080/hls/index.m3u8");
    }

    @Test
    void says_what_is_missing() throws Exception {
        assertThatThrownBy(() -> DevnetEndpoints.read(dir)).hasMessageContaining("endpoints.json not found");
        Files.writeString(dir.resolve("endpoints.json"), "{\"zone\":\"cdn.test\",\"nodes\":[{\"url\":\"http://127.0.0.11:1\"}]}");
        assertThatThrownBy(() -> DevnetEndpoints.read(dir)).hasMessageContaining("field 'dns' missing");
        assertThatThrownBy(() -> DevnetEndpoints.hostPort("localhost", "--dns"))
                .hasMessage("--dns: 'localhost' (expected: HOST:PORT)");
        assertThatThrownBy(() -> DevnetEndpoints.hostPort("h:70000", "--dns"))
                .hasMessage("--dns: port 70000 (expected: 1-65535)");
    }
}
