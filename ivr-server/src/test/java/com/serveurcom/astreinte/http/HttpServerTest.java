package com.serveurcom.astreinte.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpServerTest {
  record Thing(String name, int size) {}

  static HttpServer server;
  static String base;
  static final HttpClient client = HttpClient.newHttpClient();
  static final Json json = new Json();

  @BeforeAll
  static void start() throws Exception {
    Router router =
        new Router()
            .get("/healthz", r -> HttpResponse.text(200, "text/plain", "ok"))
            .get("/api/things/{name}", r -> HttpResponse.json(200, json.write(Map.of("name", r.pathParam("name")))))
            .post("/api/things", r -> HttpResponse.json(201, json.write(json.read(r, Thing.class))))
            .get("/api/conflict", r -> { throw ApiException.conflict("already taken"); })
            .get("/api/boom", r -> { throw new IllegalStateException("secret detail"); });
    server = new HttpServer(router, json, new BearerToken("s3cret"), 1024, 2);
    InetSocketAddress a = server.start(new InetSocketAddress("127.0.0.1", 0));
    base = "http://127.0.0.1:" + a.getPort();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static java.net.http.HttpResponse<String> send(String method, String path, String body, String type, boolean auth)
      throws Exception {
    var b = java.net.http.HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    if (auth) {
      b.header("Authorization", "Bearer s3cret");
    }
    return client.send(b.build(), BodyHandlers.ofString());
  }

  @Test
  void publicPathNeedsNoToken() throws Exception {
    assertThat(send("GET", "/healthz", null, null, false).statusCode()).isEqualTo(200);
  }

  @Test
  void apiWithoutTokenIs401() throws Exception {
    var r = send("GET", "/api/things/a", null, null, false);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("\"error\"");
  }

  @Test
  void apiWithWrongTokenIs401() throws Exception {
    var r = client.send(
        java.net.http.HttpRequest.newBuilder(URI.create(base + "/api/things/a")).header("Authorization", "Bearer nope").build(),
        BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void pathParameterIsBound() throws Exception {
    var r = send("GET", "/api/things/abc", null, null, true);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"name\":\"abc\"}");
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() throws Exception {
    assertThat(send("GET", "/nothing", null, null, true).statusCode()).isEqualTo(404);
    var r = send("DELETE", "/api/things", null, null, true);
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).contains("POST");
  }

  @Test
  void validJsonBodyIsRead() throws Exception {
    var r = send("POST", "/api/things", "{\"name\":\"x\",\"size\":3}", "application/json", true);
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).contains("\"size\":3");
  }

  @Test
  void wrongMediaTypeIs415() throws Exception {
    var r = send("POST", "/api/things", "name=x", "application/x-www-form-urlencoded", true);
    assertThat(r.statusCode()).isEqualTo(415);
  }

  @Test
  void malformedJsonIs400() throws Exception {
    var r = send("POST", "/api/things", "{\"name\":", "application/json", true);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("malformed JSON");
  }

  @Test
  void unknownFieldIs400NamingTheField() throws Exception {
    var r = send("POST", "/api/things", "{\"name\":\"x\",\"size\":1,\"colour\":\"red\"}", "application/json", true);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"field\":\"colour\"");
  }

  @Test
  void wrongTypeIs400NamingTheField() throws Exception {
    var r = send("POST", "/api/things", "{\"name\":\"x\",\"size\":\"big\"}", "application/json", true);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"field\":\"size\"");
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    var r = send("POST", "/api/things", "{\"name\":\"" + "x".repeat(5000) + "\",\"size\":1}", "application/json", true);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("larger than 1024");
  }

  @Test
  void apiExceptionKeepsItsStatus() throws Exception {
    assertThat(send("GET", "/api/conflict", null, null, true).statusCode()).isEqualTo(409);
  }

  @Test
  void unexpectedFailureIs500WithoutDetail() throws Exception {
    var r = send("GET", "/api/boom", null, null, true);
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"error\":\"internal error\"}");
  }
}
