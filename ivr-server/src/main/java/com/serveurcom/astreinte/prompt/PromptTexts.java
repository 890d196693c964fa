package com.serveurcom.astreinte.prompt;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The French texts of the sounds the line plays ({@code config/prompts.yaml}): sound name to
 * text. Sound names are paths under Asterisk's sounds directory, so they are checked to stay
 * inside it.
 */
public record PromptTexts(Map<String, String> texts) {
  public static final String FILE = "prompts.yaml";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*");

  public PromptTexts {
    texts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(texts));
  }

  /** Reads the file; problems are {@code FILE:LINE:COLUMN: message} lines like the other config files. */
  public static PromptTexts load(Path configDir) throws PromptException {
    Path file = configDir.resolve(FILE);
    Object root;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromReader(r);
    } catch (MarkedYamlEngineException e) {
      var mark = e.getProblemMark().orElse(null);
      throw new PromptException(List.of(FILE + ":" + (mark == null ? 1 : mark.getLine() + 1) + ":"
          + (mark == null ? 1 : mark.getColumn() + 1) + ": YAML illisible : " + e.getProblem()));
    } catch (YamlEngineException e) {
      throw new PromptException(List.of(FILE + ":1:1: YAML illisible : " + e.getMessage()));
    } catch (IOException e) {
      throw new PromptException(List.of(FILE + ":1:1: fichier illisible : " + e.getMessage()));
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new PromptException(List.of(FILE + ":1:1: le fichier doit associer des noms de sons à des textes"));
    }
    List<String> problems = new ArrayList<>();
    Map<String, String> texts = new LinkedHashMap<>();
    map.forEach((k, v) -> {
      String name = String.valueOf(k);
      if (!NAME.matcher(name).matches()) {
        problems.add(FILE + ": nom de son invalide « " + name + " » (minuscules, chiffres, tirets et /)");
      } else if (!(v instanceof String s) || s.isBlank()) {
        problems.add(FILE + ": texte manquant pour « " + name + " »");
      } else {
        texts.put(name, s.strip());
      }
    });
    if (!problems.isEmpty()) {
      throw new PromptException(problems);
    }
    return new PromptTexts(texts);
  }

  /** The file has problems; each is one line for the administrator. */
  public static final class PromptException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public PromptException(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }
}
