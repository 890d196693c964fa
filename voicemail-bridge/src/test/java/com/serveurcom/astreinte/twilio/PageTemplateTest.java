package com.serveurcom.astreinte.twilio;

import com.serveurcom.astreinte.paging.PageSummary;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.ticket.Priority;
import java.net.URI;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PageTemplateTest {
  final PageTwiml twiml = new PageTwiml(() -> ShippedTexts.TEXTS);

  /** Whatever the values, the filled template is byte for byte what twilio-java writes. */
  @Test
  void theFilledTemplateIsWhatTwilioJavaWrites() {
    String alphabet = "abcXYZ019 &<>éèàçÉ-_.,;:!?/=%+*()[]{}#@€œß\\'\"\t\u007f\u0085\u009f\u00a0";
    Random random = new Random(42);
    int filled = 0;
    for (int n = 0; n < 2_000; n++) {
      StringBuilder account = new StringBuilder();
      int length = 1 + random.nextInt(40);
      for (int i = 0; i < length; i++) {
        account.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (account.toString().isBlank()) {
        continue;
      }
      PageSummary summary = new PageSummary("2600" + n, Priority.values()[n % Priority.values().length],
          account.toString(), n % 2 == 0 ? "+33612345678" : "+442071838750");
      URI recording = URI.create("https://astreinte.example.com/recordings/msg" + n + ".wav?exp=1795744800&sig=Ab-c_d" + n);
      URI action = URI.create("https://astreinte.example.com/twilio/voice/gather?request=2600" + n + "&x=%3C1%3E");
      String expected = twiml.renderPage(twiml.summaryText(summary), recording, action);
      assertThat(twiml.page(summary, recording, action)).as(account.toString()).isEqualTo(expected);
      if (!account.toString().matches(".*['\"\t\u007f-\u009f].*")) {
        filled++;
      }
    }
    assertThat(filled).as("pages filled from the template").isGreaterThan(500);
  }
}
