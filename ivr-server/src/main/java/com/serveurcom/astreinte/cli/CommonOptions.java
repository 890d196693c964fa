package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.config.AstreinteConfig;
import com.serveurcom.astreinte.config.ConfigLoadResult;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.config.ConfigProblem;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Options every time-rules command shares ({@code --config}, {@code --json}) and the plumbing they
 * share: loading the config, the buffered output (no flush per line: 100 000 lines must stay cheap)
 * and the one-query-per-stdin-line batch loop.
 */
final class CommonOptions {
  static final int EXIT_OK = 0;
  static final int EXIT_INVALID = 2;

  @Option(names = "--config", paramLabel = "DIR", defaultValue = "config",
      description = "Dossier de configuration (défaut : $ASTREINTE_CONFIG_DIR, sinon ./config).")
  Path configDir;

  @Option(names = "--json", description = "Un objet JSON par ligne au lieu du texte.")
  boolean json;

  /** {@code --config}, else {@code $ASTREINTE_CONFIG_DIR}, else {@code ./config} (see {@link SettingsDefaults}). */
  Path configDir() {
    return configDir;
  }

  /** The config, or null after printing its problems on stderr. */
  AstreinteConfig loadOrReport() {
    ConfigLoadResult r = ConfigLoader.load(configDir());
    if (r instanceof ConfigLoadResult.Valid v) {
      return v.config();
    }
    PrintStream err = System.err;
    for (ConfigProblem p : ((ConfigLoadResult.Invalid) r).problems()) {
      err.println(p);
    }
    err.println("configuration invalide : corriger les fichiers ci-dessus (bin/astreinte config check)");
    return null;
  }

  /** A priority code, with the error in French for the person at the shell. */
  static com.serveurcom.astreinte.ticket.Priority priority(String code) {
    try {
      return com.serveurcom.astreinte.ticket.Priority.fromCode(code);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("priorité inconnue '" + code.trim() + "' (attendu low, medium ou high)");
    }
  }

  static Writer out() {
    return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
  }

  /**
   * Reads stdin line by line and writes exactly one output line per input line, in order. A line
   * the handler rejects (IllegalArgumentException) gives an error line and the rest go on.
   */
  int batch(Writer out, Function<String, String> handler) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        String result;
        try {
          result = handler.apply(line);
        } catch (IllegalArgumentException e) {
          result = json ? JsonOutput.error(e.getMessage(), n) : "ligne " + n + " : erreur : " + e.getMessage();
        }
        out.write(result);
        out.write('\n');
      }
      out.flush();
      return EXIT_OK;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void print(Writer out, String line) {
    try {
      out.write(line);
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
