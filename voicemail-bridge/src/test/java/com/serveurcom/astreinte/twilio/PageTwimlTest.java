package com.serveurcom.astreinte.twilio;

import com.serveurcom.astreinte.paging.PageSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.serveurcom.astreinte.ticket.Priority;
import java.net.URI;
import org.junit.jupiter.api.Test;

class PageTwimlTest {
  private final PageTwiml twiml = new PageTwiml(() -> ShippedTexts.TEXTS);
  private static final URI RECORDING =
      URI.create("https://astreinte.example.com/recordings/msg0001.wav?exp=1795744800&sig=Ab-c_d");
  private static final URI GATHER = URI.create("https://astreinte.example.com/twilio/voice/gather?request=26000001");
  private static final PageSummary SUMMARY = new PageSummary("26000001", Priority.HIGH, "ACME Industries", "+33612345678");

  @Test
  void thePageSaysTheSummaryPlaysTheMessageThenAsks() {
    String xml = twiml.page(SUMMARY, RECORDING, GATHER);
    assertThat(xml).startsWith("<?xml").contains("<Response>");
    assertThat(xml).contains("<Say language=\"fr-FR\">Alerte astreinte. Demande numéro 2 6 0 0 0 0 0 1. Priorité élevée. "
        + "Client ACME Industries. Numéro de rappel : 0 6 1 2 3 4 5 6 7 8. Message du client :</Say>");
    assertThat(xml).contains("<Play>https://astreinte.example.com/recordings/msg0001.wav?exp=1795744800&amp;sig=Ab-c_d</Play>");
    assertThat(xml).containsPattern("<Gather [^>]*action=\"https://astreinte.example.com/twilio/voice/gather\\?request=26000001\"");
    assertThat(xml).containsPattern("<Gather [^>]*numDigits=\"1\"").containsPattern("<Gather [^>]*method=\"POST\"");
    assertThat(xml).contains("Appuyez sur 1 pour prendre en charge et être mis en relation avec le client, "
        + "2 pour refuser (hors périmètre de l'astreinte), 3 pour réécouter.");
    // Order: summary, message, menu, then goodbye and hang up when nothing is pressed.
    assertThat(xml.indexOf("<Say")).isLessThan(xml.indexOf("<Play"));
    assertThat(xml.indexOf("<Play")).isLessThan(xml.indexOf("<Gather"));
    assertThat(xml).endsWith("<Say language=\"fr-FR\">" + "Aucune réponse reçue. La demande reste en attente. Au revoir." + "</Say><Hangup/></Response>");
  }

  @Test
  void prioritiesAreSaidInFrenchAndForeignNumbersWithTheirCountryCode() {
    assertThat(twiml.page(new PageSummary("7", Priority.MEDIUM, "X", "+442071838750"), RECORDING, GATHER))
        .contains("Priorité moyenne.").contains("Numéro de rappel : 4 4 2 0 7 1 8 3 8 7 5 0");
    assertThat(twiml.page(new PageSummary("7", Priority.LOW, "X", "+33612345678"), RECORDING, GATHER)).contains("Priorité faible");
  }

  @Test
  void accountNamesAreEscapedAndBounded() {
    String xml = twiml.page(new PageSummary("26000001", Priority.HIGH, "Dupont & Fils <SARL>" + "x".repeat(5000), "+33612345678"),
        RECORDING, GATHER);
    assertThat(xml).contains("Dupont &amp; Fils &lt;SARL&gt;").doesNotContain("x".repeat(200));
    assertThat(xml.length()).isLessThanOrEqualTo(PageTwiml.TWIML_LIMIT);
  }

  @Test
  void aPageWithTheLongestInputsStaysUnderTwiliosLimit() {
    URI longRecording = URI.create("https://astreinte.example.com/" + "r".repeat(400) + "?exp=1795744800&sig=" + "s".repeat(43));
    URI longGather = URI.create("https://astreinte.example.com/" + "g".repeat(300) + "?request=" + "9".repeat(20));
    String xml = twiml.page(new PageSummary("9".repeat(20), Priority.MEDIUM, "É".repeat(500), "+999999999999999"),
        longRecording, longGather);
    assertThat(xml.length()).isLessThanOrEqualTo(PageTwiml.TWIML_LIMIT);
  }

  @Test
  void overTheLimitIsRefusedInCode() {
    URI huge = URI.create("https://astreinte.example.com/" + "r".repeat(4000));
    assertThatThrownBy(() -> twiml.page(SUMMARY, huge, GATHER)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("4000");
    assertThatThrownBy(() -> PageTwiml.requireWithinLimit("x".repeat(4001))).isInstanceOf(IllegalStateException.class);
    assertThat(PageTwiml.requireWithinLimit("x".repeat(4000))).hasSize(4000);
  }

  @Test
  void takingChargeConnectsToTheCustomerShowingTheSupportNumber() {
    String xml = twiml.takenAndConnect("+33612345678");
    assertThat(xml).contains("<Say language=\"fr-FR\">Prise en charge enregistrée, mise en relation.</Say>")
        .containsPattern("<Dial [^>]*callerId=\"\\+33272646172\"")
        .contains("<Number>+33612345678</Number>");
    assertThat(xml.indexOf("<Say")).isLessThan(xml.indexOf("<Dial"));
  }

  @Test
  void declineAndReAsk() {
    assertThat(twiml.declined()).contains("Demande refusée, elle sera traitée aux heures ouvrées").contains("<Hangup/>");
    String again = twiml.reAsk(GATHER);
    assertThat(again).contains("Choix non reconnu.").contains("Appuyez sur 1 pour prendre en charge et être mis en relation avec le client, "
        + "2 pour refuser (hors périmètre de l'astreinte), 3 pour réécouter.").contains("<Gather").contains("<Hangup/>")
        .doesNotContain("<Play");
  }

  @Test
  void summaryRejectsBadInput() {
    assertThatThrownBy(() -> new PageSummary("26A", Priority.HIGH, "X", "+33612345678")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PageSummary("26", Priority.HIGH, "X", "0612345678")).isInstanceOf(IllegalArgumentException.class);
    assertThat(SUMMARY.toString()).doesNotContain("+33612345678");
  }
}
