package com.serveurcom.astreinte.config;

/** One thing wrong in a config file, where it is (1-based line and column) and what to fix, in French. */
public record ConfigProblem(String file, int line, int column, String message) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
