package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.config.ConfigLoadResult;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.config.ConfigProblem;
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
      + " " + ConfigLoader.COVERAGE_WEEKS + " prochaines semaines est un problème.")
  static final class Check implements Callable<Integer> {
    @Mixin CommonOptions common;

    /** Injectable for tests: the on-call coverage is checked from this clock's now. */
    java.time.Clock clock = java.time.Clock.systemUTC();

    @Override
    public Integer call() {
      Writer out = CommonOptions.out();
      ConfigLoadResult r = ConfigLoader.check(common.configDir(), clock.instant());
      if (r instanceof ConfigLoadResult.Valid v) {
        CommonOptions.print(out, common.json
            ? JsonOutput.str(new StringBuilder("{\"valid\":true,\"summary\":"), v.config().summary()).append('}').toString()
            : v.config().summary());
        return CommonOptions.EXIT_OK;
      }
      StringBuilder b = new StringBuilder();
      for (ConfigProblem p : ((ConfigLoadResult.Invalid) r).problems()) {
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
