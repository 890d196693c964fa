package com.serveurcom.astreinte.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
  @Test
  void valuesAreEscapedAndSectionsRepeatOrHide() {
    String html = new Templates("/web/").render("refused",
        Map.of("title", "<script>alert('x')</script>", "text", "a & b \"c\""));
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").doesNotContain("<script>alert")
        .contains("a &amp; b &quot;c&quot;");
  }

  @Test
  void unbalancedSectionsAreSaidWithTheTemplatesName() {
    assertThatThrownBy(() -> Templates.parse("{{#a}}x", "t")).hasMessageContaining("t : {{#a}} jamais fermé");
    assertThatThrownBy(() -> Templates.parse("x{{/a}}", "t")).hasMessageContaining("ne ferme aucune section ouverte");
  }

  @Test
  void listsBooleansAndInvertedSections() {
    var nodes = Templates.parse("{{#xs}}[{{.}}]{{/xs}}{{^xs}}vide{{/xs}}{{#ok}}oui{{/ok}}", "t");
    assertThat(nodes).hasSize(3);
    assertThat(List.of(escaped())).containsExactly("&lt;b&gt;");
  }

  private static String escaped() {
    return Templates.escape("<b>");
  }
}
