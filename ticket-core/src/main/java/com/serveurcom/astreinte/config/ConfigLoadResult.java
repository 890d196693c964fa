package com.serveurcom.astreinte.config;

import java.util.List;

/** What {@link ConfigLoader#load} gives: a whole valid config, or every problem found (never half of one). */
public sealed interface ConfigLoadResult {
  record Valid(AstreinteConfig config) implements ConfigLoadResult {}

  record Invalid(List<ConfigProblem> problems) implements ConfigLoadResult {
    public Invalid {
      problems = List.copyOf(problems);
    }
  }
}
