package com.serveurcom.astreinte.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmsReplyTest {
  @ParameterizedTest
  @ValueSource(strings = {"OK 26000001", "ok 26000001", "Ok26000001", "  OK   26000001  ", "OK: 26000001", "oui 26000001",
      "ÒK 26 000 001", "Ok 26000001.", "OK\u00A026000001", "OK #26000001"})
  void takeCharge(String body) {
    assertThat(SmsReply.parse(body)).isEqualTo(new SmsReply.TakeCharge("26000001"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"NON 26000001", "non 26000001", "Non26000001", "NÔN 26000001", " non - 26000001 ", "refus 26000001",
      "Refusé 26000001"})
  void decline(String body) {
    assertThat(SmsReply.parse(body)).isEqualTo(new SmsReply.Decline("26000001"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "OK", "NON", "26000001", "OK 2600000A", "peut-être 26000001",
      "OKAY 26000001", "OK TOUT 26000001", "NON TOUT", "OK 123456789012345678901", "bonjour"})
  void notUnderstood(String body) {
    assertThat(SmsReply.parse(body)).isEqualTo(new SmsReply.NotUnderstood());
  }

  /** Issue 13: after a grouped SMS, several numbers at once (whole numbers: "26 000 001" stays one). */
  @ParameterizedTest
  @ValueSource(strings = {"OK 26000001 26000006", "ok 26000001, 26000006", "Oui 26000001 et 26000006",
      "OK 26000001;26000006.", "OK 26000001  26000006 26000001"})
  void takeChargeOfSeveral(String body) {
    assertThat(SmsReply.parse(body)).isEqualTo(new SmsReply.TakeChargeSeveral(java.util.List.of("26000001", "26000006")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"OK TOUT", "ok tout", "Ok Tout !", "oui toutes", "OK: tous"})
  void takeChargeOfAll(String body) {
    assertThat(SmsReply.parse(body)).isEqualTo(new SmsReply.TakeChargeAll());
  }

  @org.junit.jupiter.api.Test
  void nullIsNotUnderstood() {
    assertThat(SmsReply.parse(null)).isEqualTo(new SmsReply.NotUnderstood());
  }
}
