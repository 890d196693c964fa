package com.serveurcom.astreinte.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared mapper of the stores: what the four private mappers wrote, plus instants as ISO-8601 text. */
class StoredJsonTest {
  @Test
  void plainValuesAsBeforeAndInstantsAsIsoText() throws Exception {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reason", "jour férié");
    details.put("steps", List.of("accueil", "saisie"));
    details.put("count", 3);
    details.put("none", null);
    details.put("at", Instant.parse("2026-11-28T01:00:00Z"));
    assertThat(StoredJson.MAPPER.writeValueAsString(details)).isEqualTo(
        "{\"reason\":\"jour férié\",\"steps\":[\"accueil\",\"saisie\"],\"count\":3,\"none\":null,"
            + "\"at\":\"2026-11-28T01:00:00Z\"}");
  }
}
