package com.serveurcom.astreinte.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CSV for French spreadsheets: a UTF-8 byte order mark (so Excel reads the accents), {@code ;} as
 * separator and a decimal comma (what Excel expects with French regional settings; LibreOffice
 * asks and accepts it too), one header row, CRLF line ends. Durations are in minutes with one
 * decimal, percentages with one decimal, empty when there is nothing to measure.
 */
public final class ReportCsv {
  public static final String BOM = "\uFEFF";
  private static final String SEP = ";";

  private ReportCsv() {}

  public static String sla(SlaReport r) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("priorité", "tickets ouverts", "pris en charge à temps", "prise en charge évaluée",
        "% pris en charge à temps", "résolus à temps", "résolution évaluée", "% résolus à temps", "tickets en dépassement",
        "dépassement médian (min)", "dépassement maximal (min)", "escalades niveau 1", "escalades niveau 2",
        "escalades niveau 3"));
    for (SlaReport.Line l : r.lines()) {
      rows.add(list(l.priority().french(), l.opened(), l.takenOnTime(), l.takeChargeJudged(), l.takenOnTimePercent(),
          l.resolvedOnTime(), l.resolveJudged(), l.resolvedOnTimePercent(), l.overran(), minutes(l.medianOverrun()),
          minutes(l.worstOverrun()), l.escalationsPerLevel().get(1), l.escalationsPerLevel().get(2),
          l.escalationsPerLevel().get(3)));
    }
    return write(rows);
  }

  /** Long format (indicator; detail; value) so the whole report keeps one header row. */
  public static String oncall(OnCallReport r) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("indicateur", "détail", "valeur"));
    for (Map.Entry<String, Long> e : r.callsByOutcome().entrySet()) {
      rows.add(list("appels", ReportLabels.outcome(e.getKey()), e.getValue()));
    }
    rows.add(list("pages envoyées", "", r.pagesSent()));
    rows.add(list("demandes d'astreinte", "", r.requests()));
    rows.add(list("prises en charge", "nombre", r.takeCharge().count()));
    rows.add(list("délai de prise en charge (min)", "médiane", minutes(r.takeCharge().median())));
    rows.add(list("délai de prise en charge (min)", "90e centile", minutes(r.takeCharge().p90())));
    rows.add(list("délai de prise en charge (min)", "maximum", minutes(r.takeCharge().worst())));
    rows.add(list("dépassements des 30 minutes", "", r.breaches()));
    for (OnCallReport.Technician t : r.technicians()) {
      rows.add(list("prises en charge par technicien", t.name(), t.takenInCharge()));
      rows.add(list("délai médian par technicien (min)", t.name(), minutes(t.median())));
      rows.add(list("dépassements par technicien", t.name(), t.breaches()));
    }
    return write(rows);
  }

  public static String availability(AvailabilityReport r) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("compte", "incidents élevés", "indisponibilité (min)", "taux d'indisponibilité (%)",
        "disponibilité (%)"));
    for (AvailabilityReport.Line l : r.lines()) {
      double u = Math.round(l.unavailabilityPercent() * 1000) / 1000.0;
      rows.add(list(l.account(), (long) l.incidents().size(), minutes(l.outage()), u,
          Math.round((100 - l.unavailabilityPercent()) * 1000) / 1000.0));
    }
    return write(rows);
  }

  private static List<Object> list(Object... values) {
    List<Object> l = new ArrayList<>(values.length);
    for (Object v : values) {
      l.add(v);
    }
    return l;
  }

  static Double minutes(Duration d) {
    return d == null ? null : Math.round(d.toMillis() / 6000.0) / 10.0;
  }

  private static String write(List<List<Object>> rows) {
    StringBuilder sb = new StringBuilder(BOM);
    for (List<Object> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        if (i > 0) {
          sb.append(SEP);
        }
        sb.append(cell(row.get(i)));
      }
      sb.append("\r\n");
    }
    return sb.toString();
  }

  private static String cell(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      String s = d == Math.rint(d) ? String.format(Locale.ROOT, "%.0f", d) : String.valueOf(d);
      return s.replace('.', ',');
    }
    String s = v.toString();
    if (s.contains(SEP) || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
