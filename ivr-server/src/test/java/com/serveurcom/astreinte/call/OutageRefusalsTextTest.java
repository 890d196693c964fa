package com.serveurcom.astreinte.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.config.ConfigLoadResult;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.config.MessageTexts;
import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.oncall.RefusalReason;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SMS a customer reads when a message kept during a database outage is refused on replay. */
class OutageRefusalsTextTest {
  static final MessageTexts SHIPPED =
      ((ConfigLoadResult.Valid) ConfigLoader.load(Path.of("..", "config"))).config().messages();
  // Saturday 28 November 2026, 03:12 in Paris; the line opens again on Monday at 9:00.
  static final Instant CALL = Instant.parse("2026-11-28T02:12:00Z");
  static final Instant MONDAY = Instant.parse("2026-11-30T08:00:00Z");
  static final OnCallMessage M = new OnCallMessage("26000002", "+33612345678", null, "/spool/m", "call-1", CALL);

  OutageRefusals refusals(Optional<Instant> nextOpening) {
    return new OutageRefusals(null, at -> nextOpening, ZoneId.of("Europe/Paris"), (m, r) -> { }, () -> SHIPPED,
        Clock.systemUTC());
  }

  @Test
  void aPriorityOutsideTheOnCallSaysWhyAndWhenInParisTime() {
    assertThat(refusals(Optional.of(MONDAY)).text(M, RefusalReason.PRIORITY_NOT_ONCALL, CALL.plusSeconds(600)))
        .isEqualTo("Serveurcom : suite à votre appel d'astreinte de 3h12, la requête 26000002 ne relève pas de"
            + " l'astreinte (sa priorité est traitée aux heures ouvrées seulement) : votre message n'a pas été"
            + " transmis au technicien d'astreinte. Elle sera traitée dès la réouverture du service clients,"
            + " lundi 30 novembre à 9h00.");
  }

  @Test
  void anUnknownNumberAndAClosedRequestHaveTheirOwnText() {
    assertThat(refusals(Optional.empty()).text(M, RefusalReason.UNKNOWN_REQUEST, CALL))
        .contains("le numéro de requête 26000002 est inconnu", "ouvrez une requête sur votre portail client")
        .endsWith("elle sera traitée aux heures ouvrées.");
    assertThat(refusals(Optional.empty()).text(M, RefusalReason.REQUEST_CLOSED, CALL))
        .contains("la requête 26000002 est résolue ou clôturée");
  }
}
