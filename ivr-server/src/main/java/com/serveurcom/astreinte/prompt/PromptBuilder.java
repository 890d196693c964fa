package com.serveurcom.astreinte.prompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes the sound files Asterisk plays from their French texts: espeak-ng speaks each text, sox
 * turns it into the 8 kHz mono 16-bit WAV that Asterisk reads without transcoding. A recording
 * from a studio can replace any of them under the same name.
 */
public final class PromptBuilder {
  private final String espeak;
  private final String sox;

  public PromptBuilder(String espeak, String sox) {
    this.espeak = espeak;
    this.sox = sox;
  }

  public static PromptBuilder fromPath() {
    return new PromptBuilder("espeak-ng", "sox");
  }

  /** Which of the two tools cannot be run here, with how to install them. */
  public List<String> missingTools() {
    List<String> missing = new ArrayList<>();
    for (String tool : List.of(espeak, sox)) {
      if (!runs(tool, "--version")) {
        missing.add(tool);
      }
    }
    return missing;
  }

  /** Builds one WAV per prompt under {@code out}, keeping the sound names' folders. */
  public List<Path> build(PromptTexts prompts, Path out) throws IOException, InterruptedException {
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, String> e : prompts.texts().entrySet()) {
      Path wav = out.resolve(e.getKey() + ".wav").normalize();
      if (!wav.startsWith(out.normalize())) {
        throw new IOException("sound name escapes the output folder: " + e.getKey());
      }
      Files.createDirectories(wav.getParent());
      Path raw = Files.createTempFile("astreinte-prompt-", ".wav");
      try {
        run(List.of(espeak, "-v", "fr-fr", "-s", "150", "-w", raw.toString(), e.getValue()));
        run(List.of(sox, raw.toString(), "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", wav.toString()));
      } finally {
        Files.deleteIfExists(raw);
      }
      written.add(wav);
    }
    return written;
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(command.get(0) + " failed: " + output.strip());
    }
  }

  private static boolean runs(String tool, String arg) {
    try {
      Process p = new ProcessBuilder(tool, arg).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
