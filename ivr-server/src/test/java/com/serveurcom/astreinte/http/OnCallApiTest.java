package com.serveurcom.astreinte.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.ticket.TicketStatus;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The acknowledgement and page-list routes over real HTTP, on a real database, without Twilio (LogPager). */
class OnCallApiTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  static PagingTestServer api;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    api = new PagingTestServer(db.database(), "ACME");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void takeChargeThenAgainThenUnknown() throws Exception {
    String n = api.pagedRequest();
    HttpResponse<String> r = post("/api/oncall/" + n + "/take-charge", "{\"by\":\"Alice Martin\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"outcome\":\"accepted\"");
    var t = api.tickets.find(n).orElseThrow();
    assertThat(t.status()).isEqualTo(TicketStatus.IN_PROGRESS);
    assertThat(t.assignee()).isEqualTo("Alice Martin");

    assertThat(post("/api/oncall/" + n + "/take-charge", "").statusCode()).isEqualTo(409);
    assertThat(post("/api/oncall/" + n + "/decline", "").statusCode()).isEqualTo(409);
    assertThat(post("/api/oncall/77770001/take-charge", "").statusCode()).isEqualTo(404);
    assertThat(post("/api/oncall/abc/take-charge", "").statusCode()).isEqualTo(400);
    assertThat(post("/api/oncall/" + n + "/take-charge", "{\"who\":1}").statusCode()).isEqualTo(400);
  }

  @Test
  void declineWithAReason() throws Exception {
    String n = api.pagedRequest();
    HttpResponse<String> r = post("/api/oncall/" + n + "/decline", "{\"reason\":\"demande commerciale\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(db.database().dsl().fetchValue("select decline_reason from oncall_request where ticket_number = ?", n))
        .isEqualTo("demande commerciale");
  }

  @Test
  void pagesAreListedWithMaskedNumbersAndNeedTheToken() throws Exception {
    String n = api.pagedRequest();
    HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(api.base.resolve("/api/pages?ticket=" + n))
        .header("Authorization", "Bearer " + PagingTestServer.TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"channel\":\"sms\"").contains("\"channel\":\"voice\"")
        .contains("\"recipient_masked\":\"+336******11\"").contains("\"provider\":\"log\"")
        .doesNotContain(PagingTestServer.ALICE.mobile());
    HttpResponse<String> anonymous = http.send(java.net.http.HttpRequest.newBuilder(api.base.resolve("/api/pages")).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  private static HttpResponse<String> post(String path, String json) throws Exception {
    var b = java.net.http.HttpRequest.newBuilder(api.base.resolve(path)).header("Authorization", "Bearer " + PagingTestServer.TOKEN);
    if (!json.isEmpty()) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.POST(BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
