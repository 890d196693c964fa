package com.serveurcom.astreinte.ticket;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A closed vocabulary whose values travel as short codes (config files, API, database, command line). */
public interface Coded {
  String code();

  /**
   * The value of {@code type} whose code is {@code code} (case and surrounding blanks ignored);
   * otherwise an error naming what was expected, for the person who typed it.
   */
  static <E extends Enum<E> & Coded> E parse(Class<E> type, String code, String what) {
    if (code != null) {
      String c = code.trim().toLowerCase(Locale.ROOT);
      for (E e : type.getEnumConstants()) {
        if (e.code().equals(c)) {
          return e;
        }
      }
    }
    String[] codes = Arrays.stream(type.getEnumConstants()).map(Coded::code).toArray(String[]::new);
    String expected = codes.length == 1 ? codes[0]
        : Arrays.stream(codes, 0, codes.length - 1).collect(Collectors.joining(", ")) + " or " + codes[codes.length - 1];
    throw new IllegalArgumentException("unknown " + what + " '" + code + "' (expected " + expected + ")");
  }
}
