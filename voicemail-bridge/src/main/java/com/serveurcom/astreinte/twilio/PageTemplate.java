package com.serveurcom.astreinte.twilio;

/**
 * The voice page's TwiML, rendered once by twilio-java with markers in place of its three values,
 * then filled in by string concatenation. twilio-java builds a DOM and runs an XML transformer for
 * every document; under a burst of pages that was over a third of the paging engine's CPU. The
 * values are escaped the way the transformer escapes them; a value with a character whose escaping
 * could differ (quotes, C0 and C1 control characters, characters outside the basic plane) is not filled here
 * and the caller renders the page through twilio-java instead.
 */
final class PageTemplate {
  static final String SUMMARY = "PAGETEMPLATESUMMARY";
  static final String RECORDING = "https://page-template.invalid/RECORDING";
  static final String ACTION = "https://page-template.invalid/ACTION";

  private final String beforeSummary;
  private final String beforeRecording;
  private final String beforeAction;
  private final String rest;

  private PageTemplate(String beforeSummary, String beforeRecording, String beforeAction, String rest) {
    this.beforeSummary = beforeSummary;
    this.beforeRecording = beforeRecording;
    this.beforeAction = beforeAction;
    this.rest = rest;
  }

  /** Splits the rendered page at its markers; each must be there once, in this order. */
  static PageTemplate of(String rendered) {
    int s = once(rendered, SUMMARY);
    int r = once(rendered, RECORDING);
    int a = once(rendered, ACTION);
    if (!(s < r && r < a)) {
      throw new IllegalStateException("unexpected page layout: " + rendered);
    }
    return new PageTemplate(rendered.substring(0, s), rendered.substring(s + SUMMARY.length(), r),
        rendered.substring(r + RECORDING.length(), a), rendered.substring(a + ACTION.length()));
  }

  private static int once(String rendered, String marker) {
    int at = rendered.indexOf(marker);
    if (at < 0 || rendered.indexOf(marker, at + 1) >= 0) {
      throw new IllegalStateException("marker " + marker + " not found once in " + rendered);
    }
    return at;
  }

  /** Whether {@code value} can be filled in here with the transformer's exact escaping. */
  boolean fits(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      // The transformer writes C1 controls (U+007F to U+009F) as character references.
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '"' || c == '\'' || Character.isSurrogate(c) || c >= 0xFFFE) {
        return false;
      }
    }
    return true;
  }

  String fill(String summary, String recording, String action) {
    StringBuilder xml = new StringBuilder(beforeSummary.length() + beforeRecording.length() + beforeAction.length()
        + rest.length() + summary.length() + recording.length() + action.length() + 64);
    xml.append(beforeSummary);
    escape(summary, xml);
    xml.append(beforeRecording);
    escape(recording, xml);
    xml.append(beforeAction);
    escape(action, xml);
    return xml.append(rest).toString();
  }

  private static void escape(String value, StringBuilder out) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> out.append(c);
      }
    }
  }
}
