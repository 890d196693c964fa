package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** The tiny JSON writer the command line needs: flat objects of strings, numbers, booleans and null. */
final class JsonOutput {
  private JsonOutput() {}

  /** Appends {@code s} as a JSON string literal (or null). */
  static StringBuilder str(StringBuilder out, String s) {
    if (s == null) {
      return out.append("null");
    }
    return out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
  }

  static String error(String message, int line) {
    StringBuilder b = new StringBuilder("{\"error\":");
    str(b, message);
    return b.append(",\"line\":").append(line).append('}').toString();
  }
}
