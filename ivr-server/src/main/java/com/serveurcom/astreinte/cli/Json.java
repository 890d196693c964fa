package com.serveurcom.astreinte.cli;

/** The tiny JSON writer the command line needs: flat objects of strings, numbers, booleans and null. */
final class Json {
  private Json() {}

  /** Appends {@code s} as a JSON string literal (or null). */
  static StringBuilder str(StringBuilder out, String s) {
    if (s == null) {
      return out.append("null");
    }
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"');
  }

  static String error(String message, int line) {
    StringBuilder b = new StringBuilder("{\"error\":");
    str(b, message);
    return b.append(",\"line\":").append(line).append('}').toString();
  }
}
