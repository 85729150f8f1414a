package dev.edgeweave.tracker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http://127.0.0.11:8080   | http  | 127.0.0.11 | 8080",
        "http://127.0.0.11        | http  | 127.0.0.11 | 80",
        "https://10.1.2.3/        | https | 10.1.2.3   | 443",
        "HTTP://127.0.0.11:8080   | http  | 127.0.0.11 | 8080",
        "http://[2001:db8::1]:8080| http  | 2001:db8::1| 8080",
    })
    void accepts_node_urls_with_ip_literals(String url, String scheme, String ip, int port) throws Exception {
        NodeEndpoint e = Validation.nodeUrl("url", url);
        assertThat(e.scheme()).isEqualTo(scheme);
        assertThat(e.address()).isEqualTo(InetAddress.getByName(ip));
        assertThat(e.port()).isEqualTo(port);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http://node.example.com:8080 | url: host 'node.example.com' in 'http://node.example.com:8080' is not an IP address",
        "ftp://127.0.0.11             | url: 'ftp://127.0.0.11' is not an http or https URL",
        "127.0.0.11:8080              | url: '127.0.0.11:8080' is not a URL",
        "http://127.0.0.11:8080/path  | url: 'http://127.0.0.11:8080/path' has a path",
        "http://127.0.0.11:8080/?a=b  | url: 'http://127.0.0.11:8080/?a=b' has a query or fragment",
        "http://u:p@127.0.0.11        | url: 'http://u:p@127.0.0.11' has user info",
        "http://0.0.0.0:8080          | url: host '0.0.0.0' in 'http://0.0.0.0:8080' is not a unicast address",
        "http://224.0.0.1:8080        | url: host '224.0.0.1' in 'http://224.0.0.1:8080' is not a unicast address",
        "http://                      | url: 'http://' is not a URL",
        "http://[::1                  | url: 'http://[::1' is not a URL",
    })
    void refuses_node_urls_naming_what_is_wrong(String url, String message) {
        assertThatThrownBy(() -> Validation.nodeUrl("url", url)).isInstanceOf(RegistryException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.INVALID));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "demo", "a", "my-videos-2", "x0123456789012345678901234567890123456789012345678901234567890y",
    })
    void accepts_dns_label_publisher_names(String name) {
        assertThat(Validation.publisherName(name)).isEqualTo(name);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
        "Demo", "-demo", "demo-", "de_mo", "demo.tv", "''",
        "x01234567890123456789012345678901234567890123456789012345678901y", "ns1", "ns",
    })
    void refuses_names_that_are_not_a_free_dns_label(String name) {
        assertThatThrownBy(() -> Validation.publisherName(name)).isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("name: '" + name + "'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http://127.0.0.1:8000", "https://origin.example.com", "https://origin.example.com:8443/base/path",
    })
    void accepts_http_origins(String origin) {
        assertThat(Validation.origin(origin)).isEqualTo(origin);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "file:///etc/passwd         | origin: 'file:///etc/passwd' is not an http or https URL",
        "http://o.example/?x=1      | origin: 'http://o.example/?x=1' has a query or fragment",
        "http:///path               | origin: 'http:///path' has no host",
    })
    void refuses_other_origins(String origin, String message) {
        assertThatThrownBy(() -> Validation.origin(origin)).hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "abc        | publicKey: 'abc' (expected: 64 hex digits",
        "''         | publicKey: '' (expected: 64 hex digits",
    })
    void refuses_public_keys_that_are_not_64_hex_digits(String key, String message) {
        assertThatThrownBy(() -> Validation.publicKey("publicKey", key)).hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0          | maxMbps: 0 (expected: Mbit/s, 1-10000000)",
        "10000001   | maxMbps: 10000001 (expected: Mbit/s, 1-10000000)",
    })
    void refuses_capacities_out_of_range(long mbps, String message) {
        assertThatThrownBy(() -> Validation.mbps("maxMbps", mbps)).hasMessage(message);
    }
}
