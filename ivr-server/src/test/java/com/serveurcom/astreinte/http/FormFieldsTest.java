package com.serveurcom.astreinte.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FormFieldsTest {
  @Test
  void decodesEscapesPlusAndEmptyValuesInOrder() {
    assertThat(FormFields.decode("Body=OK+26000001&From=%2B33612345678&flag&note=caf%C3%A9"))
        .containsExactly(java.util.Map.entry("Body", "OK 26000001"), java.util.Map.entry("From", "+33612345678"),
            java.util.Map.entry("flag", ""), java.util.Map.entry("note", "café"));
  }

  @Test
  void theFirstValueOfARepeatedNameWins() {
    assertThat(FormFields.decode("sig=good&sig=other")).containsEntry("sig", "good").hasSize(1);
  }

  @Test
  void aSemicolonIsAPlainCharacter() {
    assertThat(FormFields.decode("a=1;b=2")).containsEntry("a", "1;b=2").hasSize(1);
  }

  @Test
  void nothingGivesNoFieldsAndAMalformedEscapeIsRefused() {
    assertThat(FormFields.decode("")).isEmpty();
    assertThat(FormFields.decode(null)).isEmpty();
    assertThatThrownBy(() -> FormFields.decode("a=%zz")).isInstanceOf(IllegalArgumentException.class);
  }
}
