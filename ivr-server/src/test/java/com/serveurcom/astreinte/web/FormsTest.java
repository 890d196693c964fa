package com.serveurcom.astreinte.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.http.HttpRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who a login comes from, behind the operator's proxy or not. */
class FormsTest {
  static HttpRequest from(String peer, String forwardedFor) {
    Map<String, String> headers = forwardedFor == null ? Map.of() : Map.of("x-forwarded-for", forwardedFor);
    return new HttpRequest("POST", "/connexion", "/connexion", Map.of(), Map.of(), headers, new byte[0],
        new InetSocketAddress(peer, 40000));
  }

  @Test
  void withoutATrustedProxyThePeerIsTheClientWhateverItSays() {
    assertThat(Forms.clientAddress(from("203.0.113.7", "198.51.100.1"), Set.of())).isEqualTo("203.0.113.7");
  }

  @Test
  void behindATrustedProxyTheLastAddressItVouchesForIsTheClient() throws Exception {
    Set<InetAddress> proxies = Set.of(InetAddress.getByName("10.0.0.5"), InetAddress.getByName("10.0.0.6"));
    // The client may put anything first; only what the proxies appended counts.
    assertThat(Forms.clientAddress(from("10.0.0.5", "1.2.3.4, 198.51.100.9"), proxies)).isEqualTo("198.51.100.9");
    assertThat(Forms.clientAddress(from("10.0.0.5", "198.51.100.9, 10.0.0.6"), proxies)).isEqualTo("198.51.100.9");
    assertThat(Forms.clientAddress(from("10.0.0.5", "2001:db8::1"), proxies)).isEqualTo("2001:db8:0:0:0:0:0:1");
    // Nothing usable: the proxy itself (all its clients then share one count).
    assertThat(Forms.clientAddress(from("10.0.0.5", null), proxies)).isEqualTo("10.0.0.5");
    assertThat(Forms.clientAddress(from("10.0.0.5", "unknown"), proxies)).isEqualTo("10.0.0.5");
    // A name is never looked up.
    assertThat(Forms.clientAddress(from("10.0.0.5", "localhost"), proxies)).isEqualTo("10.0.0.5");
  }
}
