package com.serveurcom.astreinte.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A provider that learns a call's fate later finds its part by the token it was given. */
class PartKeyOfTokenTest {
  @Test
  void tokenToPartKey() {
    assertThat(PartSender.partKeyOfToken("page:26000001:42:followup:1#3|voice:alice"))
        .isEqualTo("page:26000001:42:followup:1|voice:alice");
    assertThat(PartSender.partKeyOfToken("page:26000001:call-7#0|voice:bob")).isEqualTo("page:26000001:call-7|voice:bob");
    assertThatThrownBy(() -> PartSender.partKeyOfToken("no token")).isInstanceOf(IllegalArgumentException.class);
  }
}
