package com.serveurcom.astreinte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The time-rules subcommands through AstreinteCommand.execute, with stdin/stdout/stderr redirected. */
class TimeRulesCommandsTest {
  private static final String CONFIG = Path.of("..", "config").toString();

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();
  private final ByteArrayOutputStream out = console.out;
  private final ByteArrayOutputStream err = console.err;

  @TempDir Path tmp;

  private int run(String stdin, String... args) {
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    return AstreinteCommand.execute(args);
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void configCheckOnTheShippedFiles() {
    assertThat(run("", "config", "check", "--config", CONFIG)).isZero();
    assertThat(lines()).hasSize(1);
    assertThat(lines().get(0)).startsWith("configuration valide").endsWith(", pages web : 5 modèles, "
        + com.serveurcom.astreinte.web.PageTexts.Text.values().length + " textes");
  }

  @Test
  void configCheckReportsEachProblemAndExits2() throws IOException {
    for (String f : List.of("horaires.yaml", "jours-feries.yaml", "fermetures.yaml", "sla.yaml", "escalade.yaml", "astreinte.yaml",
        "messages.yaml")) {
      Files.copy(Path.of(CONFIG, f), tmp.resolve(f));
    }
    OnCallCommandTest.copyWebPages(tmp);
    Files.writeString(tmp.resolve("horaires.yaml"), "fuseau: Europe/Paris\nhoraires:\n  lundi: [{debut: \"9:00\", fin: \"12:00\"}]\n");
    Files.delete(tmp.resolve("sla.yaml"));
    Path refused = tmp.resolve("web").resolve("refused.html");
    Files.writeString(refused, Files.readString(refused).replace("<p>{{text}}</p>", "<p>{{texte}}</p>"));
    int line = Files.readString(refused).lines().toList().indexOf("  <p>{{texte}}</p>") + 1;
    assertThat(run("", "config", "check", "--config", tmp.toString())).isEqualTo(2);
    assertThat(lines()).containsExactly(
        tmp.resolve("horaires.yaml") + ":3:19: horaires.lundi[1].debut : heure invalide « 9:00 », attendu \"HH:MM\" entre 00:00 et 24:00",
        tmp.resolve("sla.yaml") + ":1:1: fichier introuvable",
        refused + ":" + line + ":6: {{texte}} : « texte » n'est pas une valeur connue de ce modèle (possibles : text, title)");
  }

  @Test
  void scheduleAtJson() {
    assertThat(run("", "schedule", "at", "--json", "--config", CONFIG, "2026-12-25T10:00:00+01:00")).isZero();
    assertThat(lines()).containsExactly(
        "{\"instant\":\"2026-12-25T09:00:00Z\",\"open\":false,\"reason\":\"holiday\",\"next_change\":\"2026-12-28T07:30:00Z\"}");
  }

  @Test
  void scheduleAtBatchKeepsOrderAndReportsBadLines() {
    String in = "2026-11-23T07:29:59Z\nnot-an-instant\n2026-11-23T07:30:00Z\n";
    assertThat(run(in, "schedule", "at", "--json", "--config", CONFIG, "-")).isZero();
    List<String> l = lines();
    assertThat(l).hasSize(3);
    assertThat(l.get(0)).contains("\"open\":false,\"reason\":\"outside-hours\"");
    assertThat(l.get(1)).startsWith("{\"error\":\"instant invalide 'not-an-instant'").endsWith(",\"line\":2}");
    assertThat(l.get(2)).contains("\"instant\":\"2026-11-23T07:30:00Z\",\"open\":true,\"reason\":\"hours\"");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void scheduleWeekForAPerson() {
    assertThat(run("", "schedule", "week", "--config", CONFIG, "2026-12-24")).isZero();
    List<String> l = lines();
    assertThat(l).hasSize(8);
    assertThat(l.get(1)).startsWith("lundi 21 décembre").endsWith("08:30-12:30, 14:00-18:00");
    assertThat(l.get(5)).contains("fermé (jour férié : Noël)");
  }

  @Test
  void slaSingleAndBatch() {
    assertThat(run("", "sla", "--json", "--config", CONFIG, "--priority", "low", "--opened", "2026-11-27T15:30:00Z")).isZero();
    assertThat(lines()).containsExactly("{\"take_charge_by\":\"2026-11-30T11:00:00Z\",\"resolve_by\":\"2026-12-01T15:30:00Z\"}");
    out.reset();
    assertThat(run("high,2026-11-23T07:29:59Z\nurgent,2026-11-23T07:29:59Z\nmedium,2026-11-23T07:29:59Z\n",
        "sla", "--json", "--config", CONFIG, "-")).isZero();
    assertThat(lines()).containsExactly(
        "{\"take_charge_by\":\"2026-11-23T07:59:59Z\",\"resolve_by\":\"2026-11-23T11:29:59Z\"}",
        "{\"error\":\"priorité inconnue 'urgent' (attendu low, medium ou high)\",\"line\":2}",
        "{\"take_charge_by\":\"2026-11-23T09:29:59Z\",\"resolve_by\":\"2026-11-24T07:29:59Z\"}");
  }

  @Test
  void escalationSingleAndBatch() {
    assertThat(run("", "escalation", "--json", "--config", CONFIG, "--priority", "high",
        "--deadline", "2026-11-23T07:29:59Z", "--now", "2026-11-23T07:44:59Z")).isZero();
    assertThat(lines()).containsExactly("{\"level\":1}");
    out.reset();
    assertThat(run("low,2026-11-23T07:29:59Z,2026-11-24T13:29:59Z\nmedium,2026-11-23T07:29:59Z\n"
        + "medium,2026-11-23T07:29:59Z,2026-11-23T19:29:59Z\n", "escalation", "--json", "--config", CONFIG, "-")).isZero();
    assertThat(lines()).containsExactly("{\"level\":0}",
        "{\"error\":\"attendu 'priority,deadline,now'\",\"line\":2}", "{\"level\":2}");
  }

  @Test
  void invalidConfigStopsACommandWithExit2() throws IOException {
    assertThat(run("", "schedule", "at", "--config", tmp.toString(), "2026-12-25T09:00:00Z")).isEqualTo(2);
    assertThat(lines()).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("horaires.yaml:1:1: fichier introuvable");
  }

  @Test
  void jsonEscaping() {
    assertThat(JsonOutput.str(new StringBuilder(), "a\"b\\c\nd\u0001").toString()).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
  }
}
