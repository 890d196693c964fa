package com.serveurcom.astreinte.agi;

/**
 * The sizes a FastAGI peer may send us, and the trimming of header values to what Asterisk itself
 * can produce, so that a hostile peer's megabyte of "caller ID" is cut before any code reads it
 * (call_record, logs, metrics).
 */
final class HeaderLimits {
  /** Longest line read from a peer, header or reply; a longer one ends the connection. */
  static final int MAX_LINE_BYTES = 64 * 1024;
  /**
   * Longest header block. Asterisk's is about 1 KiB (22 variables plus the dialplan's arguments),
   * so 64 KiB leaves room for long argument lists and still bounds what a pending peer costs us.
   */
  static final int MAX_HEADER_BYTES = 64 * 1024;
  /** Channel names, numbers, contexts and extensions: AST_CHANNEL_NAME and AST_MAX_EXTENSION are 80 in Asterisk. */
  static final int MAX_VALUE_CHARS = 80;
  /** AST_MAX_UNIQUEID is 150. */
  static final int MAX_UNIQUE_ID_CHARS = 150;
  /** The request URL (with its query) and the dialplan's arguments: our own dialplan writes them. */
  static final int MAX_REQUEST_CHARS = 2048;

  private HeaderLimits() {}

  /**
   * One header line with its value cut to the limit of its variable. Lines that are not
   * {@code agi_name: value} are ignored by the request parser; they are cut to the plain limit.
   */
  static String trim(String line) {
    int colon = line.indexOf(": ");
    if (colon < 0) {
      return cut(line, MAX_VALUE_CHARS);
    }
    String name = line.substring(0, colon);
    return cut(name, MAX_VALUE_CHARS) + ": " + cut(line.substring(colon + 2), limitOf(name));
  }

  static int limitOf(String name) {
    return switch (name) {
      case "agi_request", "agi_network_script" -> MAX_REQUEST_CHARS;
      case "agi_uniqueid" -> MAX_UNIQUE_ID_CHARS;
      default -> name.startsWith("agi_arg_") ? MAX_REQUEST_CHARS : MAX_VALUE_CHARS;
    };
  }

  private static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    // Never leave half of a surrogate pair at the end.
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end);
  }
}
