package com.serveurcom.astreinte.twilio;

import com.serveurcom.astreinte.paging.PagingFailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the package writes to the logs: numbers masked, tokens never. */
class LoggingTest {
  private static final String SID = ("AC" + "0123456789abcdef".repeat(2));
  private static final String TOKEN = "log-test-secret-token";
  private static final String TECH = "+33612345678";

  private final Logger logger = (Logger) LoggerFactory.getLogger("com.serveurcom.astreinte.twilio");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Level previous;

  @BeforeEach
  void capture() {
    previous = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false); // captured here, not echoed on the console
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
    logger.setAdditive(true);
  }

  private List<String> lines() {
    return appender.list.stream().map(e -> e.getFormattedMessage()
        + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
  }

  @Test
  void pagingLogsMaskTheNumberAndNeverTheToken() throws Exception {
    try (FakeTwilioServer fake = FakeTwilioServer.start(SID, TOKEN); TwilioHttp http = new TwilioHttp(fake.baseUri())) {
      TwilioSettings settings = new TwilioSettings(SID, TOKEN, "+33757000001", fake.baseUri(), URI.create("https://a.example.com"));
      TwilioPager pager = new TwilioPager(settings, http);
      pager.sendSms(TECH, "x", URI.create("https://a.example.com/twilio/status"), "k1");
      fake.failNext(400, 21211, "The 'To' number " + TECH + " is not a valid phone number.", 1);
      catchThrowableOfType(PagingFailure.class, () -> pager.sendSms(TECH, "x", URI.create("https://a.example.com/s"), "k2"));
    }
    assertThat(lines()).isNotEmpty().anySatisfy(l -> assertThat(l).contains("+336******78"))
        .allSatisfy(l -> assertThat(l).doesNotContain(TECH).doesNotContain(TOKEN));
    // The operator reads them in French (issue 16); sids, codes and keys stay as they are.
    assertThat(lines()).anySatisfy(l -> assertThat(l).startsWith("SMS au +336******78 accepté par Twilio : sid=SM"))
        .anySatisfy(l -> assertThat(l).startsWith("le SMS au +336******78 en échec (PERMANENT) : Twilio a refusé le SMS : 400"));
  }

  @Test
  void webhookLogsMaskTheNumber() {
    TwilioWebhooks hooks = new TwilioWebhooks(Optional.of(TOKEN), new RecordingAcks(), new PageTwiml(() -> ShippedTexts.TEXTS));
    String url = "https://a.example.com/twilio/sms";
    Map<String, String> params = Map.of("From", TECH, "Body", "OK 26000001");
    hooks.sms(ReceivedWebhook.of(url, params, TwilioWebhooksTest.sign(TOKEN, url, params)));
    hooks.sms(ReceivedWebhook.of(url, params, "forged"));
    assertThat(lines()).hasSizeGreaterThanOrEqualTo(2).anySatisfy(l -> assertThat(l).contains("+336******78"))
        .allSatisfy(l -> assertThat(l).doesNotContain(TECH).doesNotContain(TOKEN));
    assertThat(lines()).anySatisfy(l -> assertThat(l).startsWith("prise en charge par SMS de la demande 26000001 par le +336******78"))
        .contains("webhook Twilio /twilio/sms refusé : signature invalide");
  }
}
