package com.serveurcom.astreinte.web;

import com.serveurcom.astreinte.config.ConfigProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The web pages as administrators wrote them in {@code config/web/}: the templates and the named texts. One
 * immutable value, swapped whole on reload ({@link WebConfigWatcher}), so a page never mixes old and new.
 */
public record WebConfig(Templates templates, PageTexts texts) {
  /** The folder of the config directory that holds the pages. */
  public static final String DIR = "web";

  public WebConfig {
    Objects.requireNonNull(templates, "templates");
    Objects.requireNonNull(texts, "texts");
  }

  /** What {@link #load} gives: the pages, or every problem found. */
  public sealed interface Loaded {
    record Valid(WebConfig config) implements Loaded {}

    record Invalid(List<ConfigProblem> problems) implements Loaded {
      public Invalid {
        problems = List.copyOf(problems);
      }
    }
  }

  /** Reads {@code configDir/web/}: every template and {@value PageTexts#FILE}, every problem reported. */
  public static Loaded load(Path configDir) {
    Path dir = configDir.resolve(DIR);
    List<ConfigProblem> problems = new ArrayList<>();
    Templates templates = Templates.read(dir, problems);
    PageTexts texts = PageTexts.read(dir, problems);
    if (!problems.isEmpty() || templates == null || texts == null) {
      return new Loaded.Invalid(problems);
    }
    return new Loaded.Valid(new WebConfig(templates, texts));
  }

  /** The pages of a directory known to be right (tests, the shipped files); @throws IllegalArgumentException otherwise */
  public static WebConfig loadOrThrow(Path configDir) {
    Loaded l = load(configDir);
    if (l instanceof Loaded.Invalid invalid) {
      throw new IllegalArgumentException("pages web invalides :\n" + String.join("\n",
          invalid.problems().stream().map(ConfigProblem::toString).toList()));
    }
    return ((Loaded.Valid) l).config();
  }

  /** One part of {@code config check}'s summary line. */
  public String summary() {
    return "pages web : " + templates.size() + " modèles, " + texts.size() + " textes";
  }

  WebWords words() {
    return new WebWords(texts);
  }
}
