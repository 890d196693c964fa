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
@Command(name = "prompts", description = "The sounds the support line plays.", subcommands = PromptsCommand.Build.class)
public final class PromptsCommand {

  @Command(name = "build", description = "Make 8 kHz mono WAV files from the French texts (needs espeak-ng and sox).")
  static final class Build implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Output folder; copy its content into Asterisk's sounds/fr/ folder.")
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
        System.err.println("prompts build: " + String.join(" and ", missing) + " not found; install them"
            + " (Debian/Ubuntu: apt-get install espeak-ng sox) and run the command again");
        return 1;
      }
      List<Path> written = builder.build(texts, out);
      System.out.println(written.size() + " sound files written under " + out
          + " (8 kHz mono WAV); copy them into Asterisk's sounds/fr/ folder");
      return 0;
    }
  }
}
