package com.serveurcom.astreinte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code oncall now|week} and the coverage part of {@code config check}, on the shipped config
 * (cycle from Monday 5 January 2026: technicien-1, -2, -3 in turn) with a fixed clock.
 */
class OnCallCommandTest {
  private static final String CONFIG = Path.of("..", "config").toString();
  /** Wednesday 2 December 2026, 13:00 Paris: week 47 of the cycle, technicien-3's. */
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();
  private final ByteArrayOutputStream out = console.out;
  private final ByteArrayOutputStream err = console.err;

  @TempDir Path tmp;

  /** Runs a command line with every clock-reading command on {@link #NOW}. */
  private int run(String... args) {
    CommandLine cl = AstreinteCommand.commandLine();
    CommandLine oncall = cl.getSubcommands().get("oncall");
    ((OnCallCommand.Now) oncall.getSubcommands().get("now").getCommand()).clock = NOW;
    ((OnCallCommand.Week) oncall.getSubcommands().get("week").getCommand()).clock = NOW;
    ((ConfigCommand.Check) cl.getSubcommands().get("config").getSubcommands().get("check").getCommand()).clock = NOW;
    return cl.execute(args);
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private List<String> errLines() {
    return err.toString(StandardCharsets.UTF_8).lines().toList();
  }

  /** The shipped config with the rotation's cycle starting on {@code monday}. */
  private String configStartingOn(String monday) throws IOException {
    for (String f : ConfigLoader.FILES) {
      Files.copy(Path.of(CONFIG, f), tmp.resolve(f));
    }
    copyWebPages(tmp);
    Path rota = tmp.resolve(ConfigLoader.ROTA);
    String text = Files.readString(rota);
    assertThat(text).contains("debut-cycle: \"2026-01-05\"");
    Files.writeString(rota, text.replace("debut-cycle: \"2026-01-05\"", "debut-cycle: \"" + monday + "\""));
    return tmp.toString();
  }

  @Test
  void nowSaysWhoAndTheBackups() {
    assertThat(run("oncall", "now", "--config", CONFIG, "--at", "2026-12-02T20:00:00Z")).isZero();
    assertThat(lines()).containsExactly("mercredi 2 décembre 2026 21:00 (heure de Paris) : d'astreinte"
        + " Technicien 3 (+33639980003), rotation, jusqu'au lundi 7 décembre 2026 09:00 ; secours :"
        + " Technicien 2 (+33639980002), Technicien 1 (+33639980001) ; ligne fermée (hors heures d'ouverture)");
    assertThat(errLines()).isEmpty();
  }

  @Test
  void nowJsonDefaultsToTheClock() {
    assertThat(run("oncall", "now", "--json", "--config", CONFIG)).isZero();
    assertThat(lines()).containsExactly("{\"instant\":\"2026-12-02T12:00:00Z\",\"line_open\":false,"
        + "\"on_duty\":{\"id\":\"technicien-3\",\"name\":\"Technicien 3\",\"mobile\":\"+33639980003\"},"
        + "\"technician_id\":\"technicien-3\",\"source\":\"rotation\",\"override_reason\":null,"
        + "\"since\":\"2026-11-30T08:00:00Z\",\"until\":\"2026-12-07T08:00:00Z\",\"backups\":["
        + "{\"id\":\"technicien-2\",\"name\":\"Technicien 2\",\"mobile\":\"+33639980002\"},"
        + "{\"id\":\"technicien-1\",\"name\":\"Technicien 1\",\"mobile\":\"+33639980001\"}]}");
  }

  @Test
  void nowWarnsWhenNobodyCoversAClosedLine() throws IOException {
    String dir = configStartingOn("2026-12-14");
    assertThat(run("oncall", "now", "--config", dir, "--at", "2026-12-02T20:00:00Z")).isZero();
    assertThat(lines().get(0)).contains(": personne d'astreinte, jusqu'au lundi 14 décembre 2026 09:00 ;").contains("ligne fermée");
    assertThat(errLines()).containsExactly("attention : personne d'astreinte à mercredi 2 décembre 2026 21:00"
        + " alors que la ligne est fermée (bin/astreinte oncall week, bin/astreinte config check)");
  }

  @Test
  void weekListsTheSlotsAndNoGap() {
    assertThat(run("oncall", "week", "--config", CONFIG)).isZero();
    assertThat(lines()).hasSize(4);
    assertThat(lines().get(0)).isEqualTo("Astreinte, semaine du lundi 30 novembre 2026 (Europe/Paris)");
    assertThat(lines().get(1)).startsWith("lundi 30 novembre 2026 00:00").contains("-> lundi 30 novembre 2026 09:00")
        .endsWith("Technicien 2 (+33639980002), rotation");
    assertThat(lines().get(2)).startsWith("lundi 30 novembre 2026 09:00").contains("-> lundi 7 décembre 2026 00:00")
        .endsWith("Technicien 3 (+33639980003), rotation");
    assertThat(lines().get(3)).isEqualTo("Aucune période fermée sans astreinte d'ici au mercredi 27 janvier 2027 13:00.");
    assertThat(errLines()).isEmpty();
  }

  @Test
  void weekAcrossTheAutumnChangeHandsOverAtNineLocal() {
    assertThat(run("oncall", "week", "--json", "--config", CONFIG, "2026-10-28")).isZero();
    assertThat(lines().get(0)).startsWith("{\"type\":\"slot\",\"start\":\"2026-10-25T23:00:00Z\",\"end\":\"2026-10-26T08:00:00Z\"");
    assertThat(lines().get(1)).startsWith("{\"type\":\"slot\",\"start\":\"2026-10-26T08:00:00Z\",\"end\":\"2026-11-01T23:00:00Z\"");
    assertThat(lines().get(2)).isEqualTo("{\"type\":\"gaps\",\"from\":\"2026-12-02T12:00:00Z\",\"to\":\"2027-01-27T12:00:00Z\",\"gaps\":[]}");
  }

  @Test
  void weekWarnsOfGapsInTheComingWeeksLikeConfigCheck() throws IOException {
    String dir = configStartingOn("2026-12-07");
    assertThat(run("oncall", "week", "--json", "--config", dir)).isZero();
    assertThat(lines().get(0)).contains("\"on_duty\":null,\"technician_id\":null,\"source\":\"none\"");
    String gaps = lines().get(lines().size() - 1);
    assertThat(gaps).startsWith("{\"type\":\"gaps\"").contains("\"cause\":\"before_cycle_start\"")
        .contains("\"start\":\"2026-12-02T17:00:00Z\",\"end\":\"2026-12-03T07:30:00Z\"");
    // From Wednesday 13:00 (lunch break) to Monday 08:30: three lunches, two nights, the weekend.
    assertThat(errLines()).hasSize(6).allMatch(l -> l.startsWith("attention : personne d'astreinte du "));
    assertThat(errLines().get(0)).isEqualTo("attention : personne d'astreinte du mercredi 2 décembre 2026 13:00"
        + " au mercredi 2 décembre 2026 14:00, ligne fermée (la rotation ne commence que le lundi 7 décembre 2026 09:00)");
  }

  @Test
  void configCheckReportsGapsAsErrors() throws IOException {
    String dir = configStartingOn("2026-12-07");
    assertThat(run("config", "check", "--config", dir)).isEqualTo(2);
    assertThat(lines()).hasSize(6).allMatch(l -> l.startsWith(tmp.resolve("astreinte.yaml") + ":"))
        .allMatch(l -> l.contains(": rotation : personne d'astreinte du "));
    assertThat(lines().get(lines().size() - 1)).endsWith(":46:1: rotation : personne d'astreinte du vendredi 4 décembre 2026 17:00"
        + " au lundi 7 décembre 2026 08:30, ligne fermée (la rotation ne commence que le lundi 7 décembre 2026 09:00)");
  }

  /** The shipped config/web/ (templates and texts of the pages), which config check reads too. */
  static void copyWebPages(Path to) throws IOException {
    Path web = Files.createDirectories(to.resolve("web"));
    try (var files = Files.list(Path.of(CONFIG, "web"))) {
      for (Path f : files.toList()) {
        Files.copy(f, web.resolve(f.getFileName()));
      }
    }
  }

  @Test
  void badInstant() {
    assertThat(run("oncall", "now", "--config", CONFIG, "--at", "demain")).isEqualTo(2);
    assertThat(errLines().get(0)).startsWith("astreinte: oncall now: instant invalide 'demain'");
  }
}
