package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.config.ConfigLoadResult;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.config.ConfigProblem;
import com.serveurcom.astreinte.web.WebConfig;
import java.util.ArrayList;
import java.util.List;
import java.io.Writer;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code config check}: tells an admin, before saving for good, whether the config files are right. */
@Command(name = "config", description = "Les fichiers de configuration des administrateurs.",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  @Command(name = "check", description = "Vérifie le dossier de configuration : une ligne FICHIER:LIGNE:COLONNE: message"
      + " par problème, code de sortie 2 s'il y en a. Une période fermée sans personne d'astreinte dans les"
      + " " + ConfigLoader.COVERAGE_WEEKS + " prochaines semaines est un problème. Les pages web (web/*.html, web/textes.yaml)"
      + " sont vérifiées aussi.")
  static final class Check implements Callable<Integer> {
    @Mixin CommonOptions common;

    /** Injectable for tests: the on-call coverage is checked from this clock's now. */
    java.time.Clock clock = java.time.Clock.systemUTC();

    @Override
    public Integer call() {
      Writer out = CommonOptions.out();
      ConfigLoadResult r = ConfigLoader.check(common.configDir(), clock.instant());
      // The web pages' templates and texts (config/web/) are checked in the same pass.
      WebConfig.Loaded web = WebConfig.load(common.configDir());
      if (r instanceof ConfigLoadResult.Valid v && web instanceof WebConfig.Loaded.Valid w) {
        String summary = v.config().summary() + ", " + w.config().summary();
        CommonOptions.print(out, common.json
            ? JsonOutput.str(new StringBuilder("{\"valid\":true,\"summary\":"), summary).append('}').toString()
            : summary);
        return CommonOptions.EXIT_OK;
      }
      List<ConfigProblem> problems = new ArrayList<>();
      if (r instanceof ConfigLoadResult.Invalid invalid) {
        problems.addAll(invalid.problems());
      }
      if (web instanceof WebConfig.Loaded.Invalid invalid) {
        problems.addAll(invalid.problems());
      }
      StringBuilder b = new StringBuilder();
      for (ConfigProblem p : problems) {
        if (common.json) {
          b.append("{\"file\":");
          JsonOutput.str(b, p.file()).append(",\"line\":").append(p.line()).append(",\"column\":").append(p.column())
              .append(",\"message\":");
          JsonOutput.str(b, p.message()).append("}\n");
        } else {
          b.append(p).append('\n');
        }
      }
      if (b.length() > 0) {
        b.setLength(b.length() - 1);
      }
      CommonOptions.print(out, b.toString());
      return CommonOptions.EXIT_INVALID;
    }
  }
}
