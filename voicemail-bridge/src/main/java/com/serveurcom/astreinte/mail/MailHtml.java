package com.serveurcom.astreinte.mail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML part of an e-mail, drawn from its plain text (what administrators write): escaped, lines
 * and paragraphs kept, web addresses made links. Nothing of the text is read as markup.
 */
public final class MailHtml {
  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");

  private MailHtml() {}

  public static String of(String title, String text) {
    StringBuilder body = new StringBuilder();
    for (String paragraph : text.strip().split("\\n\\s*\\n")) {
      body.append("<p>").append(links(escape(paragraph.strip())).replace("\n", "<br>\n")).append("</p>\n");
    }
    return "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" + escape(title)
        + "</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.4\">\n" + body + "</body></html>\n";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String links(String escaped) {
    Matcher m = URL.matcher(escaped);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String url = m.group();
      // A sentence's final full stop is not part of the address.
      String tail = "";
      while (url.endsWith(".") || url.endsWith(",") || url.endsWith(")")) {
        tail = url.charAt(url.length() - 1) + tail;
        url = url.substring(0, url.length() - 1);
      }
      m.appendReplacement(out, Matcher.quoteReplacement("<a href=\"" + url + "\">" + url + "</a>" + tail));
    }
    m.appendTail(out);
    return out.toString();
  }
}
