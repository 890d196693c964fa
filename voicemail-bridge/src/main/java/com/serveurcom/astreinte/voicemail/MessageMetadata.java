package com.serveurcom.astreinte.voicemail;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What app_voicemail wrote in a {@code msgNNNN.txt} (the {@code [message]} section of an INI file,
 * see docs/voicemail.md and the wire notes). Only {@code msg_id}, {@code origtime} and {@code duration}
 * are required: without them a message cannot be identified nor dated.
 *
 * @param msgId        Asterisk's stable identity of the message ({@code 1795795942-00000000})
 * @param origMailbox  {@code origmailbox}, e.g. {@code 100}
 * @param context      dialplan context of the call (not the voicemail context)
 * @param exten        dialled extension
 * @param callerChannel {@code callerchan}
 * @param callerName   the name part of {@code callerid}, empty when none
 * @param callerNumber the number part of {@code callerid}, empty for an anonymous caller
 * @param recordedAt   {@code origtime}
 * @param durationSeconds {@code duration}
 */
public record MessageMetadata(
    String msgId,
    String origMailbox,
    String context,
    String exten,
    String callerChannel,
    String callerName,
    String callerNumber,
    Instant recordedAt,
    int durationSeconds) {

  private static final Pattern MSG_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  /** {@code "Name" <number>}, {@code Name <number>}, {@code <number>} or a bare number. */
  private static final Pattern CALLER_ID = Pattern.compile("^\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^<]*?))\\s*<([^>]*)>\\s*$");

  public MessageMetadata {
    Objects.requireNonNull(msgId, "msgId");
    if (!MSG_ID.matcher(msgId).matches()) {
      throw new IllegalArgumentException("msg_id n'est pas un identifiant sûr : " + msgId);
    }
    Objects.requireNonNull(recordedAt, "recordedAt");
    if (durationSeconds < 0) {
      throw new IllegalArgumentException("la durée ne peut pas être négative : " + durationSeconds);
    }
    origMailbox = nullToEmpty(origMailbox);
    context = nullToEmpty(context);
    exten = nullToEmpty(exten);
    callerChannel = nullToEmpty(callerChannel);
    callerName = nullToEmpty(callerName);
    callerNumber = nullToEmpty(callerNumber);
  }

  /** The caller's number, empty for an anonymous call. */
  public Optional<String> caller() {
    return callerNumber.isEmpty() ? Optional.empty() : Optional.of(callerNumber);
  }

  /** When the recording ended: nothing can claim a message before that. */
  public Instant endedAt() {
    return recordedAt.plusSeconds(durationSeconds);
  }

  /**
   * Parses the text of a {@code msgNNNN.txt}.
   *
   * @param source named in error messages (the file)
   * @throws MalformedMessageException naming the source and what is wrong; never anything else
   */
  public static MessageMetadata parse(String text, String source) {
    if (text == null || text.isBlank()) {
      throw new MalformedMessageException(source + ": fichier d'informations du message vide");
    }
    Map<String, String> values = new LinkedHashMap<>();
    boolean inMessage = false;
    boolean sawMessage = false;
    String[] lines = text.split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        if (!line.endsWith("]")) {
          throw new MalformedMessageException(source + ":" + (i + 1) + ": en-tête de section non fermé");
        }
        inMessage = line.equals("[message]");
        sawMessage |= inMessage;
        continue;
      }
      if (!inMessage) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new MalformedMessageException(source + ":" + (i + 1) + ": ligne clé=valeur attendue, lu : " + shorten(line));
      }
      // The first value wins, as app_voicemail's own reader does: a repeated key is ignored.
      values.putIfAbsent(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    if (!sawMessage) {
      throw new MalformedMessageException(source + ": aucune section [message]");
    }
    String msgId = required(values, "msg_id", source);
    if (!MSG_ID.matcher(msgId).matches()) {
      throw new MalformedMessageException(source + ": msg_id n'est pas un identifiant sûr : " + shorten(msgId));
    }
    long origtime = number(required(values, "origtime", source), "origtime", source);
    long duration = number(required(values, "duration", source), "duration", source);
    if (duration > Integer.MAX_VALUE) {
      throw new MalformedMessageException(source + ": valeur de duration hors limites : " + duration);
    }
    String[] caller = splitCallerId(values.getOrDefault("callerid", ""));
    return new MessageMetadata(msgId, values.get("origmailbox"), values.get("context"), values.get("exten"),
        values.get("callerchan"), caller[0], caller[1], Instant.ofEpochSecond(origtime), (int) duration);
  }

  /** {@code "Test Caller" <0612345678>} to name and number; "Unknown" and empty parts become empty. */
  static String[] splitCallerId(String raw) {
    String s = raw == null ? "" : raw.strip();
    String name;
    String number;
    Matcher m = CALLER_ID.matcher(s);
    if (m.matches()) {
      name = m.group(1) != null ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(2);
      number = m.group(3);
    } else {
      // A bare value: a number if it looks like one, else a name.
      boolean looksLikeNumber = s.matches("\\+?[0-9*#]+");
      name = looksLikeNumber ? "" : s;
      number = looksLikeNumber ? s : "";
    }
    name = name.strip();
    number = number.strip();
    if (name.equalsIgnoreCase("unknown") || name.equalsIgnoreCase("anonymous")) {
      name = "";
    }
    if (number.equalsIgnoreCase("unknown") || number.equalsIgnoreCase("anonymous")) {
      number = "";
    }
    return new String[] {name, number};
  }

  private static String required(Map<String, String> values, String key, String source) {
    String v = values.get(key);
    if (v == null || v.isEmpty()) {
      throw new MalformedMessageException(source + ": clé " + key + " absente");
    }
    return v;
  }

  private static long number(String v, String key, String source) {
    if (!v.matches("[0-9]{1,12}")) {
      throw new MalformedMessageException(source + ": valeur de " + key + " non numérique : " + shorten(v));
    }
    return Long.parseLong(v);
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
