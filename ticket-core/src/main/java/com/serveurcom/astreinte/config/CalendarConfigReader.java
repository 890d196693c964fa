package com.serveurcom.astreinte.config;

import com.serveurcom.astreinte.calendar.AddedHoliday;
import com.serveurcom.astreinte.calendar.CalendarDefinition;
import com.serveurcom.astreinte.calendar.DatedClosure;
import com.serveurcom.astreinte.calendar.ExceptionalOpening;
import com.serveurcom.astreinte.calendar.FrenchHoliday;
import com.serveurcom.astreinte.calendar.HolidayRules;
import com.serveurcom.astreinte.calendar.TimeRange;
import com.serveurcom.astreinte.calendar.WeeklyHours;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/** horaires.yaml, jours-feries.yaml and fermetures.yaml into a {@link CalendarDefinition}. */
final class CalendarConfigReader {
  static final Map<String, DayOfWeek> DAYS = new LinkedHashMap<>();

  static {
    String[] names = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
    for (int i = 0; i < 7; i++) {
      DAYS.put(names[i], DayOfWeek.of(i + 1));
    }
  }

  private static final Pattern DAY_MONTH = Pattern.compile("(\\d{2})/(\\d{2})");

  private CalendarConfigReader() {}

  record Hours(ZoneId zone, WeeklyHours hours) {}

  static Hours hours(Node root, Yaml y) {
    Map<String, Yaml.Entry> top = y.map(root, "horaires.yaml", Set.of("fuseau", "horaires"), Set.of("fuseau", "horaires"));
    if (top == null) {
      return null;
    }
    ZoneId zone = null;
    if (top.containsKey("fuseau")) {
      Node n = top.get("fuseau").value();
      String z = y.scalar(n, "fuseau");
      if (z != null) {
        try {
          zone = ZoneId.of(z);
        } catch (DateTimeException e) {
          y.problem(n, "fuseau : fuseau horaire inconnu « " + z + " » (exemple : Europe/Paris)");
        }
      }
    }
    Map<DayOfWeek, List<TimeRange>> week = new EnumMap<>(DayOfWeek.class);
    boolean ok = zone != null;
    if (top.containsKey("horaires")) {
      Map<String, Yaml.Entry> days = y.map(top.get("horaires").value(), "horaires", DAYS.keySet(), Set.of());
      if (days == null) {
        return null;
      }
      for (Map.Entry<String, Yaml.Entry> d : days.entrySet()) {
        List<TimeRange> ranges = ranges(d.getValue().value(), "horaires." + d.getKey(), y);
        if (ranges == null) {
          ok = false;
        } else {
          week.put(DAYS.get(d.getKey()), ranges);
        }
      }
    }
    return ok ? new Hours(zone, new WeeklyHours(week)) : null;
  }

  /** A list of {debut, fin} ranges of one day, checked for order and overlap; null after a problem. */
  private static List<TimeRange> ranges(Node node, String field, Yaml y) {
    List<Node> items = y.seq(node, field);
    if (items == null) {
      return null;
    }
    List<TimeRange> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      String f = field + "[" + (i + 1) + "]";
      TimeRange r = range(items.get(i), f, y, Set.of("debut", "fin"));
      if (r == null) {
        ok = false;
        continue;
      }
      for (TimeRange other : out) {
        if (other.overlaps(r)) {
          y.problem(items.get(i), f + " : la plage " + r + " chevauche la plage " + other);
          ok = false;
        }
      }
      out.add(r);
    }
    return ok ? out : null;
  }

  /** {debut: "HH:MM", fin: "HH:MM"} (plus the extra keys allowed); null after a problem. */
  static TimeRange range(Node node, String field, Yaml y, Set<String> allowed) {
    Map<String, Yaml.Entry> m = y.map(node, field, allowed, Set.of("debut", "fin"));
    return m == null ? null : range(m, field, y);
  }

  /** The range of an already read mapping; reports a missing "debut" or "fin" only through map(). */
  static TimeRange range(Map<String, Yaml.Entry> m, String field, Yaml y) {
    if (!m.containsKey("debut") || !m.containsKey("fin")) {
      return null;
    }
    Integer start = time(m.get("debut").value(), field + ".debut", y);
    Integer end = time(m.get("fin").value(), field + ".fin", y);
    if (start == null || end == null) {
      return null;
    }
    if (end <= start) {
      y.problem(m.get("fin").value(), field + ".fin : la fin (" + TimeRange.format(end)
          + ") doit être après le début (" + TimeRange.format(start) + ")");
      return null;
    }
    return new TimeRange(start, end);
  }

  private static Integer time(Node node, String field, Yaml y) {
    String v = y.scalar(node, field);
    if (v == null) {
      return null;
    }
    try {
      return TimeRange.parseMinute(v);
    } catch (IllegalArgumentException e) {
      y.problem(node, field + " : heure invalide « " + v + " », attendu \"HH:MM\" entre 00:00 et 24:00");
      return null;
    }
  }

  static LocalDate date(Node node, String field, Yaml y) {
    String v = y.scalar(node, field);
    if (v == null) {
      return null;
    }
    try {
      return LocalDate.parse(v);
    } catch (DateTimeException e) {
      y.problem(node, field + " : date invalide « " + v + " », attendu \"AAAA-MM-JJ\"");
      return null;
    }
  }

  static HolidayRules holidays(Node root, Yaml y) {
    Map<String, Yaml.Entry> top = y.map(root, "jours-feries.yaml",
        Set.of("feries-francais", "departement", "retires", "ajoutes"), Set.of("feries-francais"));
    if (top == null) {
      return null;
    }
    boolean ok = true;
    Boolean french = top.containsKey("feries-francais") ? y.bool(top.get("feries-francais").value(), "feries-francais") : null;
    ok &= french != null;
    Optional<String> departement = Optional.empty();
    if (top.containsKey("departement")) {
      Node dn = top.get("departement").value();
      String code = y.scalar(dn, "departement");
      if (code == null) {
        ok = false;
      } else if (!HolidayRules.knowsDepartement(code.strip().toUpperCase(java.util.Locale.ROOT))) {
        y.problem(dn, "departement : département inconnu « " + code + " » (un code comme \"67\", \"2A\" ou \"75C\")");
        ok = false;
      } else {
        departement = Optional.of(code.strip().toUpperCase(java.util.Locale.ROOT));
      }
    }
    Set<FrenchHoliday> dropped = EnumSet.noneOf(FrenchHoliday.class);
    if (top.containsKey("retires")) {
      List<Node> items = y.seq(top.get("retires").value(), "retires");
      ok &= items != null;
      for (Node n : Yaml.listOrEmpty(items)) {
        String code = y.scalar(n, "retires");
        if (code == null) {
          ok = false;
          continue;
        }
        var h = FrenchHoliday.fromCode(code);
        if (h.isEmpty()) {
          List<String> codes = new ArrayList<>();
          for (FrenchHoliday f : FrenchHoliday.values()) {
            codes.add(f.code());
          }
          y.problem(n, "retires : jour férié inconnu « " + code + " » (codes possibles : " + String.join(", ", codes) + ")");
          ok = false;
        } else {
          dropped.add(h.get());
        }
      }
    }
    List<AddedHoliday> added = new ArrayList<>();
    if (top.containsKey("ajoutes")) {
      List<Node> items = y.seq(top.get("ajoutes").value(), "ajoutes");
      ok &= items != null;
      int i = 0;
      for (Node n : Yaml.listOrEmpty(items)) {
        String f = "ajoutes[" + (++i) + "]";
        Map<String, Yaml.Entry> m = y.map(n, f, Set.of("date", "chaque-annee", "libelle"), Set.of());
        if (m == null) {
          ok = false;
          continue;
        }
        String label = m.containsKey("libelle") ? y.scalar(m.get("libelle").value(), f + ".libelle") : null;
        if (m.containsKey("date") == m.containsKey("chaque-annee")) {
          y.problem(n, f + " : indiquer soit « date » (\"AAAA-MM-JJ\"), soit « chaque-annee » (\"JJ/MM\")");
          ok = false;
        } else if (m.containsKey("date")) {
          LocalDate d = date(m.get("date").value(), f + ".date", y);
          if (d == null) {
            ok = false;
          } else {
            added.add(new AddedHoliday(d, null, label));
          }
        } else {
          Node dn = m.get("chaque-annee").value();
          String v = y.scalar(dn, f + ".chaque-annee");
          Matcher mm = v == null ? null : DAY_MONTH.matcher(v);
          MonthDay md = null;
          if (mm != null && mm.matches()) {
            try {
              md = MonthDay.of(Integer.parseInt(mm.group(2)), Integer.parseInt(mm.group(1)));
            } catch (DateTimeException e) {
              md = null;
            }
          }
          if (md == null) {
            y.problem(dn, f + ".chaque-annee : jour invalide « " + v + " », attendu \"JJ/MM\"");
            ok = false;
          } else {
            added.add(new AddedHoliday(null, md, label));
          }
        }
      }
    }
    return ok ? new HolidayRules(french, departement, dropped, added) : null;
  }

  record Closures(List<DatedClosure> closures, List<ExceptionalOpening> openings) {}

  static Closures closures(Node root, Yaml y) {
    Map<String, Yaml.Entry> top = y.map(root, "fermetures.yaml",
        Set.of("fermetures", "ouvertures-exceptionnelles"), Set.of());
    if (top == null) {
      return null;
    }
    boolean ok = true;
    List<DatedClosure> closures = new ArrayList<>();
    if (top.containsKey("fermetures")) {
      List<Node> items = y.seq(top.get("fermetures").value(), "fermetures");
      ok &= items != null;
      int i = 0;
      for (Node n : Yaml.listOrEmpty(items)) {
        String f = "fermetures[" + (++i) + "]";
        Map<String, Yaml.Entry> m = y.map(n, f, Set.of("date", "debut", "fin", "motif"), Set.of("date"));
        if (m == null || !m.containsKey("date")) {
          ok = false;
          continue;
        }
        LocalDate d = date(m.get("date").value(), f + ".date", y);
        String label = m.containsKey("motif") ? y.scalar(m.get("motif").value(), f + ".motif") : null;
        TimeRange r = null;
        if (m.containsKey("debut") != m.containsKey("fin")) {
          y.problem(n, f + " : indiquer « debut » et « fin », ou aucun des deux pour fermer toute la journée");
          ok = false;
        } else if (m.containsKey("debut")) {
          r = range(m, f, y);
          ok &= r != null;
        }
        if (d == null) {
          ok = false;
        } else if (ok) {
          closures.add(new DatedClosure(d, r, label));
        }
      }
    }
    List<ExceptionalOpening> openings = new ArrayList<>();
    if (top.containsKey("ouvertures-exceptionnelles")) {
      List<Node> items = y.seq(top.get("ouvertures-exceptionnelles").value(), "ouvertures-exceptionnelles");
      ok &= items != null;
      int i = 0;
      for (Node n : Yaml.listOrEmpty(items)) {
        String f = "ouvertures-exceptionnelles[" + (++i) + "]";
        Map<String, Yaml.Entry> m = y.map(n, f, Set.of("date", "debut", "fin", "motif"), Set.of("date", "debut", "fin"));
        if (m == null || !m.containsKey("date")) {
          ok = false;
          continue;
        }
        LocalDate d = date(m.get("date").value(), f + ".date", y);
        String label = m.containsKey("motif") ? y.scalar(m.get("motif").value(), f + ".motif") : null;
        TimeRange r = range(m, f, y);
        if (d == null || r == null) {
          ok = false;
        } else {
          openings.add(new ExceptionalOpening(d, r, label));
        }
      }
    }
    return ok ? new Closures(closures, openings) : null;
  }
}
