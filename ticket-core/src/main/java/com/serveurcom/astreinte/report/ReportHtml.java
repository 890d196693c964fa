package com.serveurcom.astreinte.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One self-contained, printable HTML page per report: inline CSS, inline SVG charts, no script and
 * no external resource, so it can be mailed or archived as a single file. Labels in French.
 */
public final class ReportHtml {
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
  /** Availability an account should reach: the target line of the chart, green at or above it. */
  static final double AVAILABILITY_TARGET = 99.9;
  /** What an empty chart shows instead of an empty frame. */
  static final String NO_DATA = "<p class=note>Aucune donnée sur la période.</p>";
  private static final String[] COLORS = {"#2b6cb0", "#38a169", "#d69e2e", "#e53e3e", "#805ad5", "#718096", "#dd6b20"};

  private ReportHtml() {}

  public static String sla(SlaReport r, Instant generatedAt) {
    StringBuilder b = page("Rapport SLA", r.period(), r.account(), generatedAt);
    b.append("<table><thead><tr><th>Priorité</th><th>Tickets ouverts</th><th>Pris en charge à temps</th>"
        + "<th>Résolus à temps</th><th>Dépassement médian</th><th>Dépassement maximal</th>"
        + "<th>Escalades N1</th><th>N2</th><th>N3</th></tr></thead><tbody>");
    for (SlaReport.Line l : r.lines()) {
      b.append("<tr><td>").append(esc(l.priority().french())).append("</td><td class=n>").append(l.opened())
          .append("</td><td class=n>").append(ratio(l.takenOnTime(), l.takeChargeJudged(), l.takenOnTimePercent()))
          .append("</td><td class=n>").append(ratio(l.resolvedOnTime(), l.resolveJudged(), l.resolvedOnTimePercent()))
          .append("</td><td class=n>").append(duration(l.medianOverrun()))
          .append("</td><td class=n>").append(duration(l.worstOverrun()));
      for (int level = 1; level <= 3; level++) {
        b.append("</td><td class=n>").append(l.escalationsPerLevel().getOrDefault(level, 0L));
      }
      b.append("</td></tr>");
    }
    b.append("</tbody></table>");
    b.append("<h2>Échéances tenues et manquées</h2>").append(slaChart(r.lines()));
    b.append("<p class=note>Taux calculés sur les tickets ouverts dans la période dont l'échéance est "
        + "atteinte ou respectée à la date du rapport. Dépassement : le pire des deux délais (prise en charge, "
        + "résolution) des tickets en retard.</p>");
    return end(b);
  }

  public static String oncall(OnCallReport r, Instant generatedAt) {
    StringBuilder b = page("Rapport d'activité de l'astreinte", r.period(), r.account(), generatedAt);
    b.append("<h2>Appels par issue</h2><table><thead><tr><th>Issue</th><th>Appels</th></tr></thead><tbody>");
    long total = 0;
    for (Map.Entry<String, Long> e : r.callsByOutcome().entrySet()) {
      b.append("<tr><td>").append(esc(ReportLabels.outcome(e.getKey()))).append("</td><td class=n>").append(e.getValue())
          .append("</td></tr>");
      total += e.getValue();
    }
    b.append("<tr class=total><td>Total</td><td class=n>").append(total).append("</td></tr></tbody></table>");
    b.append("<h2>Issues des appels par semaine</h2>").append(weeklyChart(r.callsByWeek()));
    b.append("<h2>Pages et prises en charge</h2><table><tbody>")
        .append(row("Pages envoyées", Long.toString(r.pagesSent())))
        .append(row("Demandes d'astreinte", Long.toString(r.requests())))
        .append(row("Prises en charge", Long.toString(r.takeCharge().count())))
        .append(row("Délai médian de prise en charge", duration(r.takeCharge().median())))
        .append(row("90e centile", duration(r.takeCharge().p90())))
        .append(row("Délai maximal", duration(r.takeCharge().worst())))
        .append(row("Dépassements des 30 minutes", Long.toString(r.breaches())))
        .append("</tbody></table>");
    b.append("<h2>Distribution des délais de prise en charge</h2>").append(histogram(r.takeCharge().all()));
    b.append("<h2>Par technicien</h2><table><thead><tr><th>Technicien</th><th>Prises en charge</th>"
        + "<th>Délai médian</th><th>Délai maximal</th><th>Dépassements</th></tr></thead><tbody>");
    for (OnCallReport.Technician t : r.technicians()) {
      b.append("<tr><td>").append(esc(t.name())).append("</td><td class=n>").append(t.takenInCharge())
          .append("</td><td class=n>").append(duration(t.median())).append("</td><td class=n>")
          .append(duration(t.worst())).append("</td><td class=n>").append(t.breaches()).append("</td></tr>");
    }
    b.append("</tbody></table>");
    return end(b);
  }

  public static String availability(AvailabilityReport r, Instant generatedAt) {
    StringBuilder b = page("Rapport de disponibilité", r.period(), r.account(), generatedAt);
    List<String> labels = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (AvailabilityReport.Line l : r.lines()) {
      labels.add(l.account());
      values.add(100 - l.unavailabilityPercent());
    }
    b.append("<h2>Disponibilité par compte</h2>").append(horizontalBars(labels, values, AVAILABILITY_TARGET));
    b.append("<table><thead><tr><th>Compte</th><th>Incidents élevés</th><th>Indisponibilité</th>"
        + "<th>Taux d'indisponibilité</th><th>Disponibilité</th></tr></thead><tbody>");
    for (AvailabilityReport.Line l : r.lines()) {
      b.append("<tr><td>").append(esc(l.account())).append("</td><td class=n>").append(l.incidents().size())
          .append("</td><td class=n>").append(duration(l.outage())).append("</td><td class=n>")
          .append(pct(l.unavailabilityPercent(), 3)).append("</td><td class=n>")
          .append(pct(100 - l.unavailabilityPercent(), 3)).append("</td></tr>");
    }
    b.append("</tbody></table><h2>Incidents</h2><table><thead><tr><th>Compte</th><th>Ticket</th><th>Objet</th>"
        + "<th>Ouvert le</th><th>Résolu le</th><th>Durée dans la période</th></tr></thead><tbody>");
    for (AvailabilityReport.Line l : r.lines()) {
      for (AvailabilityReport.Incident i : l.incidents()) {
        b.append("<tr><td>").append(esc(l.account())).append("</td><td>").append(esc(i.ticket())).append("</td><td>")
            .append(esc(i.subject() == null ? "" : i.subject())).append("</td><td>").append(dateTime(i.openedAt()))
            .append("</td><td>").append(i.resolvedAt() == null ? "non résolu" : dateTime(i.resolvedAt()))
            .append("</td><td class=n>").append(duration(i.counted())).append("</td></tr>");
      }
    }
    b.append("</tbody></table><p class=note>Un incident de priorité élevée est une indisponibilité totale de son "
        + "ouverture à sa résolution (un incident non résolu court jusqu'à la fin de la période). Les incidents "
        + "simultanés d'un même compte ne sont comptés qu'une fois.</p>");
    return end(b);
  }

  // ---------------------------------------------------------------- charts

  /**
   * Per priority, two stacked bars (take charge, resolution): deadlines met in green, missed in red,
   * over the tickets whose outcome is known; the counts are written on the bars.
   */
  static String slaChart(List<SlaReport.Line> lines) {
    List<String> labels = new ArrayList<>();
    List<long[]> bars = new ArrayList<>();
    for (SlaReport.Line l : lines) {
      if (l.takeChargeJudged() + l.resolveJudged() == 0) {
        continue;
      }
      labels.add(l.priority().french() + " — prise en charge");
      bars.add(new long[] {l.takenOnTime(), l.takeChargeJudged() - l.takenOnTime()});
      labels.add(l.priority().french() + " — résolution");
      bars.add(new long[] {l.resolvedOnTime(), l.resolveJudged() - l.resolvedOnTime()});
    }
    if (bars.isEmpty()) {
      return NO_DATA;
    }
    long max = 1;
    for (long[] b : bars) {
      max = Math.max(max, b[0] + b[1]);
    }
    int w = 560, rowH = 24, left = 200, right = 40, top = 5, axis = 24, h = top + bars.size() * rowH + axis;
    double span = w - left - right;
    StringBuilder s = svgOpen(w, h, "Échéances tenues et manquées par priorité (nombre de tickets)");
    for (int i = 0; i < bars.size(); i++) {
      double y = top + i * rowH;
      long met = bars.get(i)[0];
      long missed = bars.get(i)[1];
      s.append(text(left - 6, y + 15, labels.get(i), "end"));
      double wMet = span * met / max;
      double wMissed = span * missed / max;
      s.append(rect(left, y + 3, wMet, rowH - 8, COLORS[1]));
      s.append(rect(left + wMet, y + 3, wMissed, rowH - 8, COLORS[3]));
      s.append(text(left + wMet + wMissed + 4, y + 15, met + " / " + (met + missed), "start"));
    }
    double base = top + bars.size() * rowH;
    s.append(line(left, base, left + span, base));
    s.append(text(left, base + 14, "0", "middle")).append(text(left + span, base + 14, Long.toString(max), "middle"));
    return s.append("</svg><p class=legend><span style=\"color:").append(COLORS[1])
        .append("\">&#9632;</span> tenues <span style=\"color:").append(COLORS[3])
        .append("\">&#9632;</span> manquées</p>").toString();
  }

  /** Take-charge delays in 5-minute buckets up to 30 min (the target), then 30-45, 45-60, over 60. */
  static String histogram(List<Duration> delays) {
    if (delays.isEmpty()) {
      return NO_DATA;
    }
    String[] labels = {"0-5", "5-10", "10-15", "15-20", "20-25", "25-30", "30-45", "45-60", "> 60"};
    long[] upper = {5, 10, 15, 20, 25, 30, 45, 60, Long.MAX_VALUE};
    double[] counts = new double[labels.length];
    for (Duration d : delays) {
      long secs = d.toSeconds();
      for (int i = 0; i < upper.length; i++) {
        if (upper[i] == Long.MAX_VALUE || secs < upper[i] * 60) {
          counts[i]++;
          break;
        }
      }
    }
    int w = 560, h = 220, left = 40, bottom = 30, top = 10;
    double max = 1;
    for (double c : counts) {
      max = Math.max(max, c);
    }
    double bw = (w - left) / (double) labels.length;
    StringBuilder s = svgOpen(w, h, "Distribution des délais de prise en charge (minutes)");
    for (int i = 0; i < labels.length; i++) {
      double bh = (h - bottom - top) * counts[i] / max;
      double x = left + i * bw + 4;
      String color = i < 6 ? COLORS[1] : COLORS[3];
      s.append(rect(x, h - bottom - bh, bw - 8, bh, color));
      s.append(text(x + (bw - 8) / 2, h - bottom + 14, labels[i], "middle"));
      if (counts[i] > 0) {
        s.append(text(x + (bw - 8) / 2, h - bottom - bh - 3, fmt(counts[i]), "middle"));
      }
    }
    s.append(line(left, h - bottom, w, h - bottom));
    return s.append("</svg><p class=legend><span style=\"color:").append(COLORS[1])
        .append("\">&#9632;</span> dans les 30 minutes <span style=\"color:").append(COLORS[3])
        .append("\">&#9632;</span> au-delà</p>").toString();
  }

  static String weeklyChart(Map<LocalDate, Map<String, Long>> byWeek) {
    if (byWeek.isEmpty()) {
      return NO_DATA;
    }
    Set<String> series = new LinkedHashSet<>();
    byWeek.values().forEach(m -> series.addAll(m.keySet()));
    List<String> names = new ArrayList<>(series);
    int w = 560, h = 240, left = 40, bottom = 30, top = 10;
    double max = 1;
    for (Map<String, Long> m : byWeek.values()) {
      max = Math.max(max, m.values().stream().mapToLong(Long::longValue).sum());
    }
    double bw = (w - left) / (double) byWeek.size();
    StringBuilder s = svgOpen(w, h, "Issues des appels par semaine");
    int i = 0;
    DateTimeFormatter f = DateTimeFormatter.ofPattern("dd/MM");
    for (Map.Entry<LocalDate, Map<String, Long>> e : byWeek.entrySet()) {
      double x = left + i * bw + 4;
      double y = h - bottom;
      long sum = 0;
      for (int k = 0; k < names.size(); k++) {
        long v = e.getValue().getOrDefault(names.get(k), 0L);
        double bh = (h - bottom - top) * v / max;
        y -= bh;
        sum += v;
        s.append(rect(x, y, Math.max(1, bw - 8), bh, COLORS[k % COLORS.length]));
      }
      s.append(text(x + (bw - 8) / 2, y - 3, Long.toString(sum), "middle"));
      s.append(text(x + (bw - 8) / 2, h - bottom + 14, "sem. " + e.getKey().format(f), "middle"));
      i++;
    }
    s.append(line(left, h - bottom, w, h - bottom)).append("</svg><p class=legend>");
    for (int k = 0; k < names.size(); k++) {
      s.append("<span style=\"color:").append(COLORS[k % COLORS.length]).append("\">&#9632;</span> ")
          .append(esc(ReportLabels.outcome(names.get(k)))).append(" ");
    }
    return s.append("</p>").toString();
  }

  /**
   * One bar per account on a 0-100 % axis (graduated every 25 %), with the target drawn as a dashed
   * line: green at or above it, red below.
   */
  static String horizontalBars(List<String> labels, List<Double> percents, double target) {
    if (labels.isEmpty()) {
      return NO_DATA;
    }
    int w = 560, rowH = 24, left = 160, right = 60, top = 16, axis = 24;
    int h = top + labels.size() * rowH + axis;
    double span = w - left - right;
    StringBuilder s = svgOpen(w, h, "Disponibilité par compte (%), objectif " + pct(target, 1));
    for (int i = 0; i < labels.size(); i++) {
      double p = Math.max(0, Math.min(100, percents.get(i)));
      double y = top + i * rowH;
      s.append(text(left - 6, y + 15, labels.get(i), "end"));
      s.append(rect(left, y + 3, span * p / 100, rowH - 8, p >= target ? COLORS[1] : COLORS[3]));
      s.append(text(left + span * p / 100 + 4, y + 15, pct(p, 2), "start"));
    }
    double base = top + labels.size() * rowH;
    s.append(line(left, base, left + span, base));
    for (int tick = 0; tick <= 100; tick += 25) {
      double x = left + span * tick / 100;
      s.append(line(x, base, x, base + 4)).append(text(x, base + 16, tick + " %", "middle"));
    }
    double tx = left + span * target / 100;
    s.append(String.format(Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1a202c\" stroke-dasharray=\"4 3\"/>",
        tx, (double) top - 4, tx, base));
    s.append(text(tx, top - 6, "objectif " + pct(target, 1), "end"));
    return s.append("</svg>").toString();
  }

  // ---------------------------------------------------------------- page and helpers

  private static StringBuilder page(String title, ReportPeriod period, String account, Instant generatedAt) {
    StringBuilder b = new StringBuilder(16_384);
    b.append("<!DOCTYPE html><html lang=fr><head><meta charset=utf-8><title>").append(esc(title)).append("</title>")
        .append("<style>body{font-family:Helvetica,Arial,sans-serif;color:#1a202c;margin:2em;max-width:60em}"
            + "h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #cbd5e0}"
            + ".meta{color:#4a5568}table{border-collapse:collapse;margin:.8em 0;width:100%}"
            + "th,td{border:1px solid #cbd5e0;padding:.3em .5em;text-align:left;font-size:.9em}"
            + "th{background:#edf2f7}td.n{text-align:right;white-space:nowrap}tr.total td{font-weight:bold}"
            + ".note,.legend{font-size:.85em;color:#4a5568}svg{max-width:100%;height:auto}"
            + "svg text{font-size:11px;fill:#2d3748}"
            + "@media print{body{margin:1cm}h2{page-break-after:avoid}table,svg{page-break-inside:avoid}}"
            + "</style></head><body>")
        .append("<h1>").append(esc(title)).append("</h1><p class=meta>Période ").append(esc(period.french()))
        .append(" (heure de Paris)").append(account == null ? " — tous les comptes" : " — compte " + esc(account))
        .append("<br>Édité le ").append(dateTime(generatedAt)).append("</p>");
    return b;
  }

  private static String end(StringBuilder b) {
    return b.append("</body></html>\n").toString();
  }

  private static String row(String label, String value) {
    return "<tr><td>" + esc(label) + "</td><td class=n>" + esc(value) + "</td></tr>";
  }

  private static StringBuilder svgOpen(int w, int h, String title) {
    return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + w + "\" height=\"" + h
        + "\" viewBox=\"0 0 " + w + " " + h + "\"><title>" + esc(title) + "</title>");
  }

  private static String rect(double x, double y, double w, double h, String color) {
    return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>", x, y,
        Math.max(0, w), Math.max(0, h), color);
  }

  private static String text(double x, double y, String t, String anchor) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor, esc(t));
  }

  private static String line(double x1, double y1, double x2, double y2) {
    return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#4a5568\"/>", x1,
        y1, x2, y2);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.FRANCE, "%.1f", v);
  }

  static String pct(double p, int decimals) {
    return String.format(Locale.FRANCE, "%." + decimals + "f %%", p);
  }

  private static String ratio(long ok, long judged, Double percent) {
    return percent == null ? "—" : ok + " / " + judged + " (" + pct(percent, 1) + ")";
  }

  /** "1 h 05 min", "12 min 30 s", "—" for none. */
  static String duration(Duration d) {
    if (d == null) {
      return "—";
    }
    long s = d.toSeconds();
    long days = s / 86_400, h = (s % 86_400) / 3600, m = (s % 3600) / 60, sec = s % 60;
    if (days > 0) {
      return days + " j " + h + " h " + String.format("%02d", m) + " min";
    }
    if (h > 0) {
      return h + " h " + String.format("%02d", m) + " min";
    }
    return m + " min" + (sec > 0 ? " " + String.format("%02d", sec) + " s" : "");
  }

  private static String dateTime(Instant i) {
    return i.atZone(ReportPeriod.PARIS).format(DATE_TIME);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
