package com.serveurcom.astreinte.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.config.ConfigProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pages' templates and texts in config/web/: checked like the other config files, reloaded when edited. */
class WebConfigTest {
  static final Path SHIPPED = Path.of("..", "config");

  @TempDir
  Path config;
  Path web;

  @BeforeEach
  void copyTheShippedPages() throws IOException {
    web = Files.createDirectories(config.resolve(WebConfig.DIR));
    try (Stream<Path> files = Files.list(SHIPPED.resolve(WebConfig.DIR))) {
      for (Path f : files.toList()) {
        Files.copy(f, web.resolve(f.getFileName()));
      }
    }
  }

  @Test
  void theShippedPagesAreValidAndHaveEveryText() {
    WebConfig shipped = WebConfig.loadOrThrow(SHIPPED);
    assertThat(shipped.summary()).isEqualTo("pages web : 5 modèles, " + PageTexts.Text.values().length + " textes");
    for (PageTexts.Text t : PageTexts.Text.values()) {
      assertThat(shipped.texts().text(t)).as(t.key()).isNotBlank();
    }
  }

  @Test
  void eachProblemIsSaidAtItsFileLineAndColumn() throws IOException {
    Path texts = web.resolve(PageTexts.FILE);
    String yaml = Files.readString(texts, StandardCharsets.UTF_8)
        .replace("titre.tableau: \"Tableau de bord\"\n", "")
        .replace("réessayez dans {minutes} min.\"\nconnexion.trop-d-essais-en-tout",
            "réessayez dans {secondes} s.\"\nconnexion.trop-d-essais-en-tout")
        .replace("format.date-courte: \"dd/MM HH'h'mm\"", "format.date-courte: \"dd/MM {{HH\"\nclef.inconnue: \"x\"");
    Files.writeString(texts, yaml, StandardCharsets.UTF_8);
    Files.writeString(web.resolve("board.html"), Files.readString(web.resolve("board.html"), StandardCharsets.UTF_8)
        .replace("<h2>La ligne</h2>", "<h2>La ligne {{etatDeLaLigne}}</h2>"), StandardCharsets.UTF_8);
    Files.delete(web.resolve("login.html"));

    var loaded = (WebConfig.Loaded.Invalid) WebConfig.load(config);
    int placeholderLine = lineOf(yaml, "connexion.trop-d-essais:");
    int boardLine = lineOf(Files.readString(web.resolve("board.html"), StandardCharsets.UTF_8), "<h2>La ligne");
    assertThat(loaded.problems()).extracting(ConfigProblem::toString).contains(
        web.resolve("board.html") + ":" + boardLine + ":16: {{etatDeLaLigne}} : « etatDeLaLigne » n'est pas une valeur"
            + " connue de ce modèle (possibles : account, at, backups, callback, caller, calls, created, csrf, deadline,"
            + " deadlineMillis, escalations, level, lineNext, lineOpen, lineReason, nextFrom, nextName, nextOnCall, now,"
            + " nowMillis, number, onCall, onCallPhone, onCallUntil, outcome, override, overrideOpen, overrideSince,"
            + " overrideUntil, pages, priority, reportAvailability, reportMonth, reportOncall, reportSla, requests,"
            + " seconds, status, subject, title, unknownTechnician)",
        web.resolve("login.html") + ":1:1: fichier introuvable",
        texts + ":" + placeholderLine + ":26: connexion.trop-d-essais : {secondes} n'est pas une valeur connue de ce"
            + " texte (possibles : {minutes})",
        texts + ":" + lineOf(yaml, "clef.inconnue") + ":1: clé inconnue « clef.inconnue » (les textes possibles sont ceux"
            + " du fichier livré)",
        texts + ":" + lineOf(yaml, "titre.connexion") + ":1: texte « titre.tableau » manquant");
    assertThat(loaded.problems()).anySatisfy(p -> assertThat(p.toString())
        .startsWith(texts + ":" + lineOf(yaml, "format.date-courte") + ":21: format.date-courte : format de date invalide"));
  }

  @Test
  void anEditIsInForceOnTheNextPageAndABadOneKeepsThePagesInForce() throws IOException {
    WebConfigWatcher watcher = new WebConfigWatcher(config, WebConfig.loadOrThrow(config));
    assertThat(watcher.checkNow()).isFalse();
    Path texts = web.resolve(PageTexts.FILE);
    String shipped = Files.readString(texts, StandardCharsets.UTF_8);
    Files.writeString(texts, shipped.replace("\"Mot de passe ou jeton incorrect.\"", "\"Identifiants refusés.\""),
        StandardCharsets.UTF_8);
    assertThat(watcher.checkNow()).isTrue();
    assertThat(watcher.get().texts().text(PageTexts.Text.LOGIN_WRONG)).isEqualTo("Identifiants refusés.");

    Files.writeString(texts, shipped.replace("\"Mot de passe ou jeton incorrect.\"", "\"Refusé {par}.\""),
        StandardCharsets.UTF_8);
    assertThat(watcher.checkNow()).isFalse();
    assertThat(watcher.get().texts().text(PageTexts.Text.LOGIN_WRONG)).isEqualTo("Identifiants refusés.");
  }

  @Test
  void aServerWithInvalidPagesRefusesToStartBeforeTouchingItsData(@TempDir Path data) throws Exception {
    Path board = web.resolve("board.html");
    Files.writeString(board, Files.readString(board, StandardCharsets.UTF_8).replaceFirst("\\{\\{/requests}}", ""),
        StandardCharsets.UTF_8);
    var settings = new com.serveurcom.astreinte.ServerSettings(config, data, true, java.net.InetAddress.getLoopbackAddress(),
        0, 50, java.net.InetAddress.getLoopbackAddress(), 0, java.time.Duration.ofSeconds(2),
        com.serveurcom.astreinte.Settings.read(java.util.Map.of()));
    var shipped = ((com.serveurcom.astreinte.config.ConfigLoadResult.Valid)
        com.serveurcom.astreinte.config.ConfigLoader.load(SHIPPED)).config();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new com.serveurcom.astreinte.Astreinte(settings,
            java.time.Clock.systemUTC()).start(shipped, new com.serveurcom.astreinte.http.BearerToken("t0ken")))
        .isInstanceOf(com.serveurcom.astreinte.StartRefused.class)
        .hasMessageStartingWith("pages web invalides (1 problème(s)) :\n  - " + board + ":")
        .hasMessageContaining("{{#requests}} jamais fermé");
    try (Stream<Path> left = Files.list(data)) {
      assertThat(left).isEmpty();
    }
  }

  static int lineOf(String text, String start) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith(start) || lines[i].contains(start)) {
        return i + 1;
      }
    }
    throw new AssertionError(start + " absent");
  }
}
