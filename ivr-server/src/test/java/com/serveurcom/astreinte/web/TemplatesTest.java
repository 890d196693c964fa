package com.serveurcom.astreinte.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.config.ConfigProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplatesTest {
  static final WebConfig SHIPPED = WebConfig.loadOrThrow(Path.of("..", "config"));

  @Test
  void valuesAreEscapedAndSectionsRepeatOrHide() {
    String html = SHIPPED.templates().render("refused",
        Map.of("title", "<script>alert('x')</script>", "text", "a & b \"c\""));
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").doesNotContain("<script>alert")
        .contains("a &amp; b &quot;c&quot;").contains("<meta name=\"robots\" content=\"noindex, nofollow\">");
  }

  @Test
  void problemsAreSaidAtTheirLineAndColumn() {
    List<ConfigProblem> problems = new ArrayList<>();
    Templates.parse("<p>\n  {{#a}}x", "t.html", Set.of("a"), Set.of(), problems);
    Templates.parse("x{{/a}}", "u.html", Set.of("a"), Set.of(), problems);
    Templates.parse("<p>{{nom}}</p>\n<p>{{#b}}{{inconnu}}{{/b}}</p>", "v.html", Set.of("nom", "b"), Set.of(), problems);
    Templates.parse("{{>pied}}", "w.html", Set.of(), Set.of("head"), problems);
    Templates.parse("{{nom", "x.html", Set.of("nom"), Set.of(), problems);
    assertThat(problems).extracting(ConfigProblem::toString).containsExactly(
        "t.html:2:3: {{#a}} jamais fermé par {{/…}}",
        "u.html:1:2: {{/a}} ne ferme aucune section ouverte",
        "v.html:2:10: {{inconnu}} : « inconnu » n'est pas une valeur connue de ce modèle (possibles : b, nom)",
        "w.html:1:1: {{>pied}} : modèle inclus inconnu (possibles : head)",
        "x.html:1:1: balise « {{ » jamais fermée par « }} »");
  }

  @Test
  void listsBooleansInvertedSectionsAndComments() {
    List<ConfigProblem> problems = new ArrayList<>();
    var nodes = Templates.parse("{{! rien }}{{#xs}}[{{.}}]{{/xs}}{{^xs}}vide{{/xs}}{{#ok}}oui{{/ok}}", "t",
        Set.of("xs", "ok"), Set.of(), problems);
    assertThat(problems).isEmpty();
    assertThat(nodes).hasSize(3);
    assertThat(Templates.escape("<b>")).isEqualTo("&lt;b&gt;");
  }
}
