package com.serveurcom.astreinte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** -h/--help on every command and subcommand, usage errors on one line with exit 2, and help in French. */
class HelpAndUsageTest {
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();
  private final ByteArrayOutputStream out = console.out;
  private final ByteArrayOutputStream err = console.err;

  /** Every command path of the tree, e.g. [schedule, at]; walked from the real command line. */
  private static List<List<String>> commands() {
    List<List<String>> all = new ArrayList<>();
    walk(AstreinteCommand.commandLine(), new ArrayList<>(), all);
    return all;
  }

  private static void walk(CommandLine cl, List<String> path, List<List<String>> all) {
    all.add(List.copyOf(path));
    cl.getSubcommands().forEach((name, sub) -> {
      List<String> next = new ArrayList<>(path);
      next.add(name);
      walk(sub, next, all);
    });
  }

  private int run(List<String> path, String... more) {
    out.reset();
    err.reset();
    List<String> args = new ArrayList<>(path);
    args.addAll(List.of(more));
    return AstreinteCommand.execute(args.toArray(String[]::new));
  }

  @Test
  void everyCommandAnswersHelpInFrenchWithStatusZero() {
    List<List<String>> commands = commands();
    assertThat(commands).hasSizeGreaterThan(25);
    for (List<String> path : commands) {
      for (String flag : List.of("-h", "--help")) {
        assertThat(run(path, flag)).as(path + " " + flag + ": " + err).isZero();
        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(help).as(path + " " + flag).startsWith("Utilisation : astreinte").contains("Affiche cette aide");
        // No picocli English left in a French help.
        assertThat(help).as(path.toString()).doesNotContain("Usage:", "Show this help", "Commands:", "default:");
      }
    }
  }

  @Test
  void usageErrorsAreOneFrenchLineWithHowToGetHelp() {
    assertThat(run(List.of("simulate-call"), "--bogus", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
        "astreinte: simulate-call: option inconnue '--bogus' (aide : bin/astreinte simulate-call --help)"
            + System.lineSeparator());
    assertThat(run(List.of("report"), "sla")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1).first().asString()
        .startsWith("astreinte: report: manque").endsWith("(aide : bin/astreinte report --help)");
    assertThat(run(List.of("simulate-call"))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("manque --caller NUMERO ou --anonymous");
    assertThat(run(List.of("nonsense"))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("astreinte: commande inconnue 'nonsense'");
    assertThat(run(List.of("simulate-call"), "--anonymous", "--port", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("valeur invalide pour --port");
  }

  @Test
  void aDateThatDoesNotExistIsSaidSo() {
    assertThat(run(List.of("simulate-call"), "--anonymous", "--at", "2026-02-30T03:00:00+01:00")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).trim())
        .isEqualTo("astreinte: simulate-call: --at : la date 2026-02-30 n'existe pas (instant '2026-02-30T03:00:00+01:00')");
    assertThat(run(List.of("simulate-call"), "--anonymous", "--at", "2026-02-28T03:00:00")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("décalage manquant");
  }
}
