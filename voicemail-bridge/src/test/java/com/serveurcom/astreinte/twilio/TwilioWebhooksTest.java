package com.serveurcom.astreinte.twilio;

import com.serveurcom.astreinte.paging.PageContext;

import com.serveurcom.astreinte.paging.DeliveryStatus;

import com.serveurcom.astreinte.paging.Channel;

import com.serveurcom.astreinte.paging.Ack;

import com.serveurcom.astreinte.paging.PageSummary;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.ticket.Priority;
import com.twilio.security.RequestValidator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TwilioWebhooksTest {
  private static final String TOKEN = "webhook-test-token";
  private static final String TECH = "+33612345678";
  private static final String BASE = "https://astreinte.example.com";
  private static final String GATHER_URL = BASE + "/twilio/voice/gather?request=26000001";

  private final RecordingAcks acks = new RecordingAcks();
  private final TwilioWebhooks hooks = new TwilioWebhooks(Optional.of(TOKEN), acks, new PageTwiml(() -> ShippedTexts.TEXTS));

  /** Twilio's scheme, computed independently of the SDK: HMAC-SHA1(url + sorted key+value pairs), base64. */
  static String sign(String token, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static WebhookRequest signed(String url, Map<String, String> params) {
    return ReceivedWebhook.of(url, params, sign(TOKEN, url, params));
  }

  private static Map<String, String> sms(String body) {
    return Map.of("MessageSid", "SM" + "1".repeat(32), "From", TECH, "To", "+33757000001", "Body", body);
  }

  private static Map<String, String> keypress(String digits) {
    Map<String, String> p = new HashMap<>();
    p.put("CallSid", "CA" + "2".repeat(32));
    p.put("From", "+33757000001");
    p.put("To", TECH);
    p.put("Direction", "outbound-api");
    if (digits != null) {
      p.put("Digits", digits);
    }
    return p;
  }

  @Test
  void twiliosDocumentedTestVector() {
    String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    Map<String, String> params = Map.of("CallSid", "CA1234567890ABCDE", "Caller", "+12349013030", "Digits", "1234",
        "From", "+12349013030", "To", "+18005551212");
    String expected = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
    assertThat(sign("12345", url, params)).isEqualTo(expected);
    assertThat(new RequestValidator("12345").validate(url, params, expected)).isTrue();
    assertThat(new RequestValidator("12345").validate(url.replace("foo=1", "foo=2"), params, expected)).isFalse();
    // And through our handler: the vector passes the signature check (403 would mean it did not).
    TwilioWebhooks vectorHooks = new TwilioWebhooks(Optional.of("12345"), acks, new PageTwiml(() -> ShippedTexts.TEXTS));
    WebhookResponse r = vectorHooks.status(ReceivedWebhook.of(url, Map.of("CallSid", "CA1234567890ABCDE", "Caller", "+12349013030",
        "Digits", "1234", "From", "+12349013030", "To", "+18005551212"), expected));
    assertThat(r.status()).isEqualTo(400); // authentic, but a voice call without CallStatus: refused as malformed
  }

  @Test
  void smsOkTakesChargeAndConfirmsInFrench() {
    WebhookResponse r = hooks.sms(signed(BASE + "/twilio/sms", sms("ok 26000001")));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/xml");
    assertThat(r.body()).contains("<Response><Message>Prise en charge enregistrée pour la demande 26000001.")
        .contains("+33698765432").endsWith("</Message></Response>");
    assertThat(acks.calls).containsExactly(new RecordingAcks.Call("takeCharge", "26000001", TECH, Channel.SMS));
  }

  @Test
  void smsNonDeclines() {
    WebhookResponse r = hooks.sms(signed(BASE + "/twilio/sms", sms("Non 26000001")));
    assertThat(r.body()).contains("Demande 26000001 refusée, elle sera traitée aux heures ouvrées.");
    assertThat(acks.calls).containsExactly(new RecordingAcks.Call("decline", "26000001", TECH, Channel.SMS));
  }

  @Test
  void smsAnythingElseGetsTheHelpAndChangesNothing() {
    WebhookResponse r = hooks.sms(signed(BASE + "/twilio/sms", sms("je regarde")));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).startsWith("<?xml").contains("<Response><Message>Réponse non comprise.").contains("OK 26000001");
    assertThat(acks.untouched()).isTrue();
  }

  @Test
  void anAutoResponderGetsAFewHelpTextsThenSilenceNotALoop() {
    var clock = new com.serveurcom.astreinte.testing.MutableClock(java.time.Instant.parse("2026-11-28T02:00:00Z"));
    TwilioWebhooks limited = new TwilioWebhooks(Optional.of(TOKEN), acks, new PageTwiml(() -> ShippedTexts.TEXTS),
        new HelpReplies(clock, 3, java.time.Duration.ofMinutes(10)));
    int helps = 0;
    int silent = 0;
    for (int i = 0; i < 50; i++) { // an auto-responder answering each of our answers
      WebhookResponse r = limited.sms(signed(BASE + "/twilio/sms", sms("Je suis absent jusqu'au 4 janvier.")));
      assertThat(r.status()).isEqualTo(200);
      if (r.body().contains("<Message>")) {
        helps++;
      } else {
        assertThat(r.body()).contains("<Response/>");
        silent++;
      }
      clock.advance(java.time.Duration.ofSeconds(5));
    }
    assertThat(helps).as("help texts in 250 s from one sender").isEqualTo(3);
    assertThat(silent).isEqualTo(47);
    clock.advance(java.time.Duration.ofMinutes(10));
    assertThat(limited.sms(signed(BASE + "/twilio/sms", sms("?"))).body()).as("a new window")
        .contains("Réponse non comprise.");
    // Another sender is not affected, and a real answer from the looping one still works.
    Map<String, String> other = new HashMap<>(sms("??"));
    other.put("From", "+33699999999");
    assertThat(limited.sms(signed(BASE + "/twilio/sms", other)).body()).contains("Réponse non comprise.");
    assertThat(limited.sms(signed(BASE + "/twilio/sms", sms("OK 26000001"))).body()).contains("Prise en charge");
  }

  @Test
  void smsForAnotherTechniciansRequestIsExplained() {
    acks.outcome = Ack.Outcome.NOT_ALLOWED;
    assertThat(hooks.sms(signed(BASE + "/twilio/sms", sms("OK 26000001"))).body())
        .contains("n'est pas celui du technicien d'astreinte");
    acks.outcome = Ack.Outcome.ALREADY_HANDLED;
    assertThat(hooks.sms(signed(BASE + "/twilio/sms", sms("OK 26000001"))).body()).contains("déjà prise en charge");
  }

  @Test
  void anEngineFailureAsksToRetry() {
    acks.failWith = new IllegalStateException("database down");
    WebhookResponse r = hooks.sms(signed(BASE + "/twilio/sms", sms("OK 26000001")));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("Erreur technique");
  }

  @Test
  void keyOneTakesChargeAndDialsTheCustomerFromTheSupportNumber() {
    WebhookResponse r = hooks.gather(signed(GATHER_URL, keypress("1")));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("Prise en charge enregistrée, mise en relation")
        .containsPattern("<Dial [^>]*callerId=\"\\+33272646172\"").contains("<Number>+33698765432</Number>");
    assertThat(acks.calls).containsExactly(new RecordingAcks.Call("takeCharge", "26000001", TECH, Channel.VOICE));
  }

  @Test
  void keyOneOnAnAlreadyTakenRequestDoesNotDial() {
    acks.outcome = Ack.Outcome.ALREADY_HANDLED;
    WebhookResponse r = hooks.gather(signed(GATHER_URL, keypress("1")));
    assertThat(r.body()).contains("déjà prise en charge").contains("<Hangup/>").doesNotContain("<Dial");
  }

  @Test
  void aKeypressWithoutTheTechniciansNumberRecordsNothing() {
    Map<String, String> p = keypress("1");
    p.remove("To");
    assertThat(hooks.gather(signed(GATHER_URL, p)).status()).isEqualTo(400);
    assertThat(acks.untouched()).isTrue();
  }

  @Test
  void aVoiceRefusalSaysTheNumberDigitByDigit() {
    acks.outcome = Ack.Outcome.UNKNOWN_REQUEST;
    assertThat(hooks.gather(signed(GATHER_URL, keypress("2"))).body()).contains("La demande 2 6 0 0 0 0 0 1 est inconnue");
  }

  @Test
  void keyTwoDeclines() {
    WebhookResponse r = hooks.gather(signed(GATHER_URL, keypress("2")));
    assertThat(r.body()).contains("Demande refusée, elle sera traitée aux heures ouvrées").contains("<Hangup/>");
    assertThat(acks.calls).containsExactly(new RecordingAcks.Call("decline", "26000001", TECH, Channel.VOICE));
  }

  @Test
  void keyThreeReplaysThePage() {
    acks.page = Optional.of(new PageContext(new PageSummary("26000001", Priority.HIGH, "ACME", "+33698765432"),
        URI.create(BASE + "/recordings/1.wav?exp=9&sig=s")));
    WebhookResponse r = hooks.gather(signed(GATHER_URL, keypress("3")));
    assertThat(r.body()).contains("Demande numéro 2 6 0 0 0 0 0 1").contains("<Play>" + BASE + "/recordings/1.wav?exp=9&amp;sig=s</Play>")
        .contains("action=\"" + GATHER_URL + "\"");
    assertThat(acks.calls).extracting(RecordingAcks.Call::what).containsExactly("pageContext");
  }

  @Test
  void keyThreeOnAClosedRequest() {
    assertThat(hooks.gather(signed(GATHER_URL, keypress("3"))).body()).contains("n'est plus en attente").contains("<Hangup/>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"9", "*", "#", "0"})
  void otherKeysAskAgain(String digits) {
    WebhookResponse r = hooks.gather(signed(GATHER_URL, keypress(digits)));
    assertThat(r.body()).contains("Choix non reconnu.").contains("<Gather").contains("action=\"" + GATHER_URL + "\"");
    assertThat(acks.untouched()).isTrue();
  }

  @Test
  void noDigitsAsksAgain() {
    assertThat(hooks.gather(signed(GATHER_URL, keypress(null))).body()).contains("<Gather");
    assertThat(acks.untouched()).isTrue();
  }

  @Test
  void statusCallbacksReachTheEngine() {
    hooks.status(signed(BASE + "/twilio/status", Map.of("MessageSid", "SM1", "MessageStatus", "undelivered", "ErrorCode", "30003")));
    hooks.status(signed(BASE + "/twilio/status", Map.of("SmsSid", "SM2", "SmsStatus", "delivered")));
    WebhookResponse r = hooks.status(signed(BASE + "/twilio/status",
        Map.of("CallSid", "CA1", "CallStatus", "completed", "AnsweredBy", "machine_end_beep")));
    hooks.status(signed(BASE + "/twilio/status", Map.of("CallSid", "CA2", "CallStatus", "no-answer")));
    assertThat(r.status()).isEqualTo(204);
    assertThat(acks.statuses).containsExactly(
        new DeliveryStatus("SM1", Channel.SMS, "undelivered", null, "30003"),
        new DeliveryStatus("SM2", Channel.SMS, "delivered", null, null),
        new DeliveryStatus("CA1", Channel.VOICE, "completed", "machine_end_beep", null),
        new DeliveryStatus("CA2", Channel.VOICE, "no-answer", null, null));
    assertThat(acks.statuses.get(0).failed()).isTrue();
    assertThat(acks.statuses.get(1).failed()).isFalse();
    assertThat(acks.statuses.get(2).answeredByMachine()).isTrue();
    assertThat(acks.statuses.get(3).failed()).isTrue();
  }

  @Test
  void aStatusWithoutSidIsABadRequest() {
    assertThat(hooks.status(signed(BASE + "/twilio/status", Map.of("Foo", "bar"))).status()).isEqualTo(400);
    assertThat(acks.untouched()).isTrue();
  }

  @Test
  void aTamperedUrlOrParameterIsForbiddenAndChangesNothing() {
    Map<String, String> params = keypress("1");
    String sig = sign(TOKEN, GATHER_URL, params);
    assertThat(hooks.gather(ReceivedWebhook.of(BASE + "/twilio/voice/gather?request=26000002", params, sig)).status()).isEqualTo(403);
    Map<String, String> other = new HashMap<>(params);
    other.put("To", "+33699999999");
    assertThat(hooks.gather(ReceivedWebhook.of(GATHER_URL, other, sig)).status()).isEqualTo(403);
    Map<String, String> smsParams = sms("OK 26000001");
    String smsSig = sign(TOKEN, BASE + "/twilio/sms", smsParams);
    Map<String, String> forged = new HashMap<>(smsParams);
    forged.put("Body", "NON 26000001");
    assertThat(hooks.sms(ReceivedWebhook.of(BASE + "/twilio/sms", forged, smsSig)).status()).isEqualTo(403);
    assertThat(hooks.status(ReceivedWebhook.of(BASE + "/twilio/status", Map.of("CallSid", "CA1", "CallStatus", "completed"),
        sign("another-token", BASE + "/twilio/status", Map.of("CallSid", "CA1", "CallStatus", "completed")))).status())
        .isEqualTo(403);
    assertThat(acks.untouched()).isTrue();
  }

  @Test
  void aMissingSignatureIsForbidden() {
    WebhookResponse r = hooks.sms(ReceivedWebhook.of(BASE + "/twilio/sms", sms("OK 26000001"), null));
    assertThat(r.status()).isEqualTo(403);
    assertThat(hooks.gather(ReceivedWebhook.of(GATHER_URL, keypress("1"), "")).status()).isEqualTo(403);
    assertThat(acks.untouched()).isTrue();
  }

  @Test
  void withoutAnAuthTokenEverythingIsForbidden() {
    TwilioWebhooks unconfigured = TwilioWebhooks.create(Optional.empty(), acks, new PageTwiml(() -> ShippedTexts.TEXTS));
    assertThat(unconfigured.sms(signed(BASE + "/twilio/sms", sms("OK 26000001"))).status()).isEqualTo(403);
    assertThat(unconfigured.gather(signed(GATHER_URL, keypress("1"))).status()).isEqualTo(403);
    assertThat(unconfigured.status(signed(BASE + "/twilio/status", Map.of("CallSid", "CA1", "CallStatus", "completed"))).status())
        .isEqualTo(403);
    assertThat(new TwilioWebhooks(Optional.of(" "), acks, new PageTwiml(() -> ShippedTexts.TEXTS)).sms(signed(BASE + "/twilio/sms", sms("OK 1"))).status())
        .isEqualTo(403);
    assertThat(acks.untouched()).isTrue();
  }

  @Test
  void callbackUrlsAreBuiltFromThePublicBase() {
    TwilioSettings s = new TwilioSettings("AC1", TOKEN, "+33757000001", TwilioSettings.DEFAULT_API_BASE, URI.create(BASE + "/"));
    assertThat(TwilioWebhooks.gatherUrl(s, "26000001")).isEqualTo(URI.create(GATHER_URL));
    assertThat(TwilioWebhooks.statusUrl(s)).isEqualTo(URI.create(BASE + "/twilio/status"));
  }
}
