package com.serveurcom.astreinte.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /readyz follows the database: 200 while it answers, 503 once it is gone; /healthz stays 200. */
class ReadinessTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  @Test
  void readyzIs503WhenTheDatabaseIsClosed() throws Exception {
    try (TestApiServer api = new TestApiServer(db.database(), TestSla.TWENTY_FOUR_SEVEN, Clock.systemUTC(), 1024, 2)) {
      HttpClient client = HttpClient.newHttpClient();
      var ready = client.send(HttpRequest.newBuilder(URI.create(api.base + "/readyz")).build(), BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);

      db.database().close();
      long t0 = System.nanoTime();
      var down = client.send(HttpRequest.newBuilder(URI.create(api.base + "/readyz")).build(), BodyHandlers.ofString());
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("\"error\"").doesNotContain("Exception");
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000);
      var health = client.send(HttpRequest.newBuilder(URI.create(api.base + "/healthz")).build(), BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }
}
