package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.prompt.PromptBuilder;
import com.serveurcom.astreinte.prompt.PromptTexts;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/astreinte prompts build --out DIR}: the line's sound files from config/prompts.yaml. */
@Command(name = "prompts", description = "Les sons que joue la ligne de support.", subcommands = PromptsCommand.Build.class)
public final class PromptsCommand {

  @Command(name = "build", description = "Fabrique les fichiers WAV 8 kHz mono à partir des textes français (il faut espeak-ng et sox).")
  static final class Build implements Callable<Integer> {
    @Mixin CommonOptions common;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Dossier de sortie ; copier son contenu dans le dossier sounds/fr/ d'Asterisk.")
    Path out;

    @Override
    public Integer call() throws Exception {
      PromptTexts texts;
      try {
        texts = PromptTexts.load(common.configDir());
      } catch (PromptTexts.PromptException e) {
        e.problems().forEach(System.err::println);
        return CommonOptions.EXIT_INVALID;
      }
      PromptBuilder builder = PromptBuilder.fromPath();
      List<String> missing = builder.missingTools();
      if (!missing.isEmpty()) {
        System.err.println(ErrorLine.of(spec, String.join(" et ", missing) + " introuvable(s) : les installer"
            + " (Debian/Ubuntu : apt-get install espeak-ng sox) puis relancer la commande"));
        return 1;
      }
      List<Path> written = builder.build(texts, out);
      System.out.println(written.size() + " fichiers son écrits sous " + out
          + " (WAV 8 kHz mono) ; les copier dans le dossier sounds/fr/ d'Asterisk");
      return 0;
    }
  }
}
