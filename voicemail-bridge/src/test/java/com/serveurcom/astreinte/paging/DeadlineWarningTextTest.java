package com.serveurcom.astreinte.paging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The deadline warning a technician reads names the deadline in French, never by its code. */
class DeadlineWarningTextTest {
  @Test
  void theDeadlineIsNamedInFrench() {
    assertThat(ShippedTexts.TEXTS.deadlineWarning("26000001", "take_charge"))
        .isEqualTo("Serveurcom astreinte : l'échéance de prise en charge de la demande 26000001 approche.");
    assertThat(ShippedTexts.TEXTS.deadlineWarning("26000001", "resolve"))
        .isEqualTo("Serveurcom astreinte : l'échéance de résolution de la demande 26000001 approche.");
    assertThat(ShippedTexts.TEXTS.deadlineWarning("26000001", null)).endsWith("de la demande 26000001 approche.");
    assertThat(ShippedTexts.TEXTS.deadlineWarning("26000001", "22:30")).endsWith("approche (22:30).");
  }
}
