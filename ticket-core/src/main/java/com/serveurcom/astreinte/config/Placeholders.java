package com.serveurcom.astreinte.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {name}} placeholders of the texts administrators edit ({@code messages.yaml},
 * {@code web/textes.yaml}): one syntax, filled one way.
 */
public final class Placeholders {
  /** {@code {name}}: no braces or blanks inside. */
  public static final Pattern PATTERN = Pattern.compile("\\{([^{}\\s]*)}");

  private Placeholders() {}

  /** {@code template} with its placeholders filled from {@code name, value, name, value...}; a missing value is empty. */
  public static String fill(String template, Object... namesAndValues) {
    Matcher m = PATTERN.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 32);
    while (m.find()) {
      Object value = null;
      for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
        if (namesAndValues[i].equals(m.group(1))) {
          value = namesAndValues[i + 1];
          break;
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value.toString()));
    }
    m.appendTail(out);
    return out.toString();
  }
}
