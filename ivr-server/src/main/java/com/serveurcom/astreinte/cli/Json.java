package com.serveurcom.astreinte.cli;

/** The tiny JSON writer the command line needs: flat objects of strings, numbers, booleans and null. */
final class Json {
  private Json() {}

  /** Appends {@code s} as a JSON string literal (or null). */
  static StringBuilder str(StringBuilder out, String s) {
    return out.append(com.serveurcom.astreinte.database.Json.text(s));
  }

  static String error(String message, int line) {
    StringBuilder b = new StringBuilder("{\"error\":");
    str(b, message);
    return b.append(",\"line\":").append(line).append('}').toString();
  }
}
