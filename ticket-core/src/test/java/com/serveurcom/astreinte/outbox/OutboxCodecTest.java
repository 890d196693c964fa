package com.serveurcom.astreinte.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxCodecTest {
  private final OutboxCodec codec = new OutboxCodec();
  private static final Instant DUE = Instant.parse("2026-11-28T01:30:00Z");

  static List<OutboxMessage> oneOfEachKind() {
    return List.of(
        new OutboxMessage.Page(7, "26000001", "+33612345678", "+33612345678", "/spool/msg0000", "c1", false),
        new OutboxMessage.Page(7, "26000001", "+33699887766", "+33699887766", "/spool/msg0002", "c3", true,
            "+33612345678"),
        new OutboxMessage.OrphanPage(0L, "99999999", "+33612345678", null, null, "/spool/msg0001", "c2", false,
            null, null, null, null, null, null),
        new OutboxMessage.OrphanPage(null, null, null, "+33611223344", "Jeanne", "/data/recordings/m.wav", null, null,
            "1700000000-00000001", "100@astreinte", "2026-11-28T02:00:00Z", 12, null, "9000001"),
        OutboxMessage.PageFollowUp.step(7, "26000001", 2),
        OutboxMessage.PageFollowUp.breach(7, "26000001"),
        new OutboxMessage.CustomerSms(7L, "26000001", "+33612345678", "Votre demande 26000001 est prise en charge."),
        new OutboxMessage.CustomerSms(null, "26000001", "+33612345678", "Votre appel n'a pas pu être enregistré."),
        new OutboxMessage.EscalationNotice("26000006", "medium", "ACME", "Lenteurs", "take_charge", DUE, 2,
            DUE.plusSeconds(43200), 43500, List.of(1), true, true,
            List.of(new OutboxMessage.Contact("Responsable N2", "+33600000002", "n2@example.fr"),
                new OutboxMessage.Contact("Sans téléphone", null, "n2b@example.fr"))),
        new OutboxMessage.DeadlineWarning("26000001", "high", "ACME", "Serveur arrêté", "take_charge", DUE, "oncall",
            null),
        // A refusal found after a database outage: no on-call request was opened.
        new OutboxMessage.CustomerSms(null, "26000002", "+33612345678", "Votre appel n'a pas pu être pris en compte."),
        new OutboxMessage.Email(OutboxMessage.Email.Template.CUSTOMER_TAKEN, "jean@client.example", "Jean Client",
            "26000001", 7L, java.util.Map.of("demande", "26000001", "par", "Alice Martin", "a", DUE.toString())),
        new OutboxMessage.PersonPage("alice", "Alice Martin", "+33639980001", "ON_DUTY", "voice"),
        new OutboxMessage.CustomerCall(7L, "26000001", "technicien-1"));
  }

  @Test
  void everyKindRoundTrips() {
    List<OutboxMessage> all = oneOfEachKind();
    assertThat(all.stream().map(OutboxMessage::kind).distinct())
        .containsExactlyInAnyOrder(OutboxMessage.Kind.values());
    for (OutboxMessage m : all) {
      String json = codec.encode(m).data();
      assertThat(codec.decode(m.kind().code(), OutboxCodec.VERSION, json)).isEqualTo(m);
    }
  }

  @Test
  void aPayloadOfAnotherVersionIsRefusedNotMisread() {
    OutboxMessage m = oneOfEachKind().get(0);
    String json = codec.encode(m).data();
    assertThatThrownBy(() -> codec.decode("page", OutboxCodec.VERSION + 1, json))
        .isInstanceOf(OutboxCodec.UnknownVersion.class).hasMessageContaining("version 2");
    assertThatThrownBy(() -> codec.decode("page", 0, json)).isInstanceOf(OutboxCodec.UnknownVersion.class);
  }

  @Test
  void anUnknownKindOrAPayloadThatDoesNotFitItsRecordIsRefused() {
    assertThatThrownBy(() -> codec.decode("carrier_pigeon", OutboxCodec.VERSION, "{}"))
        .isInstanceOf(OutboxCodec.UnreadablePayload.class).hasMessageContaining("carrier_pigeon");
    assertThatThrownBy(() -> codec.decode("page", OutboxCodec.VERSION, "{\"oncall_request\":1,\"ticket\":\"1\",\"x\":1}"))
        .isInstanceOf(OutboxCodec.UnreadablePayload.class);
    assertThatThrownBy(() -> codec.decode("customer_sms", OutboxCodec.VERSION, "{\"oncall_request\":\"abc\"}"))
        .isInstanceOf(OutboxCodec.UnreadablePayload.class);
    assertThatThrownBy(() -> codec.decode("page", OutboxCodec.VERSION, "not json"))
        .isInstanceOf(OutboxCodec.UnreadablePayload.class);
  }

  @Test
  void theJsonKeepsTheFieldNamesRowsAlreadyHold() {
    String page = codec.encode(oneOfEachKind().get(0)).data();
    assertThat(page).contains("\"oncall_request\":7", "\"added_message\":false", "\"callback\":\"+33612345678\"")
        .doesNotContain("previous_callback");
    assertThat(codec.encode(oneOfEachKind().get(1)).data()).contains("\"previous_callback\":\"+33612345678\"");
    assertThat(codec.encode(oneOfEachKind().get(6)).data()).contains("\"oncall_request\":7");
    assertThat(codec.encode(oneOfEachKind().get(7)).data()).doesNotContain("oncall_request");
    String step = codec.encode(OutboxMessage.PageFollowUp.step(7, "26000001", 2)).data();
    assertThat(step).contains("\"step\":2").doesNotContain("breach");
    String breach = codec.encode(OutboxMessage.PageFollowUp.breach(7, "26000001")).data();
    assertThat(breach).contains("\"breach\":true").doesNotContain("step");
    String notice = codec.encode(oneOfEachKind().get(8)).data();
    assertThat(notice).contains("\"due\":\"2026-11-28T01:30:00Z\"", "\"overrun_s\":43500", "\"skipped_levels\":[1]",
        "\"level_due_at\"");
  }

  @Test
  void kindCodesAreUnique() {
    assertThat(Arrays.stream(OutboxMessage.Kind.values()).map(OutboxMessage.Kind::code).distinct().count())
        .isEqualTo(OutboxMessage.Kind.values().length);
  }
}
