package com.serveurcom.astreinte.acceptance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of the scenario table of {@code acceptance/calls.md}, read as it is written there (the
 * table is the source; the test does not re-type it).
 *
 * @param caller an E.164 number, or null for {@code anonymous}
 * @param restricted the caller's number is sent with its presentation restricted
 * @param expected the first back-quoted text of the outcome column ({@code registered request=26000001})
 * @param notes the rest of the outcome column (callback, "nothing queued", ...)
 */
record CallScenario(int number, Instant at, boolean noAgent, String caller, boolean restricted, String keys,
    String expected, String notes) {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final Pattern WHEN = Pattern.compile("\\w{3} (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2})(.*)");
  private static final Pattern EXPECTED = Pattern.compile("`([^`]+)`(.*)");

  static List<CallScenario> load() throws IOException {
    List<CallScenario> out = new ArrayList<>();
    try (InputStream in = CallScenario.class.getResourceAsStream("/acceptance/calls.md")) {
      if (in == null) {
        throw new IllegalStateException("acceptance/calls.md missing from the test resources");
      }
      boolean inScenarios = false;
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("## Scenarios")) {
          inScenarios = true;
        }
        if (!inScenarios || !line.matches("\\|\\s*\\d+\\s*\\|.*")) {
          continue;
        }
        String[] cells = line.split("\\|");
        int n = Integer.parseInt(cells[1].trim());
        Matcher w = WHEN.matcher(cells[2].trim());
        if (!w.matches()) {
          throw new IllegalStateException("scenario " + n + ": unreadable instant " + cells[2]);
        }
        Instant at = LocalDateTime.parse(w.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")).atZone(PARIS).toInstant();
        String callerCell = cells[3].trim();
        boolean restricted = callerCell.endsWith("(restricted)");
        callerCell = callerCell.replace("(restricted)", "").trim();
        String caller = callerCell.equals("anonymous") ? null : callerCell;
        Matcher e = EXPECTED.matcher(cells[5].trim());
        if (!e.matches()) {
          throw new IllegalStateException("scenario " + n + ": unreadable outcome " + cells[5]);
        }
        out.add(new CallScenario(n, at, w.group(2).contains("no agent"), caller, restricted, cells[4].trim(), e.group(1), e.group(2).trim()));
      }
    }
    if (out.size() < 21) {
      throw new IllegalStateException("expected at least 21 scenarios in calls.md, read " + out.size());
    }
    return out;
  }

  @Override
  public String toString() {
    return "#" + number + " " + keys + " -> " + expected;
  }
}
