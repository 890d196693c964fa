package com.serveurcom.astreinte.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.ticket.Priority;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTML reports' charts: a real scale, the availability target, the SLA chart, and empty charts said so. */
class ReportChartsTest {
  @Test
  void availabilityIsDrawnOnAZeroToHundredAxisWithTheTarget() {
    String svg = ReportHtml.horizontalBars(List.of("ACME", "Martin"), List.of(90.0, 50.0), 99.9);
    assertThat(svg).contains(">0 %<", ">25 %<", ">50 %<", ">75 %<", ">100 %<", "objectif 99,9 %", "stroke-dasharray");
    // The bars' lengths follow the axis (340 px for 100 %): 90 % and 50 % are not the same bar.
    assertThat(svg).contains("width=\"306.0\"", "width=\"170.0\"");
    assertThat(svg).doesNotContain("#38a169"); // both below the target: red
    assertThat(ReportHtml.horizontalBars(List.of("ACME"), List.of(100.0), 99.9)).contains("#38a169");
  }

  @Test
  void theSlaReportHasAChartOfDeadlinesMetAndMissedPerPriority() {
    SlaReport.Line high = new SlaReport.Line(Priority.HIGH, 3, 2, 1, 3, 3, 1, null, null, Map.of(1, 0L, 2, 0L, 3, 0L));
    SlaReport.Line low = new SlaReport.Line(Priority.LOW, 0, 0, 0, 0, 0, 0, null, null, Map.of(1, 0L, 2, 0L, 3, 0L));
    String svg = ReportHtml.slaChart(List.of(high, low));
    assertThat(svg).contains("élevé — prise en charge", "élevé — résolution", ">1 / 2<", ">3 / 3<", "tenues", "manquées")
        .doesNotContain("faible");
    String page = ReportHtml.sla(new SlaReport(new ReportPeriod(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1)),
        null, List.of(high, low)), java.time.Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(page).contains("<svg", "Échéances tenues et manquées");
  }

  @Test
  void anEmptyChartSaysThereIsNoData() {
    assertThat(ReportHtml.histogram(List.of())).containsIgnoringCase("aucune donnée").doesNotContain("<svg");
    assertThat(ReportHtml.weeklyChart(Map.of())).containsIgnoringCase("aucune donnée");
    assertThat(ReportHtml.horizontalBars(List.of(), List.of(), 99.9)).containsIgnoringCase("aucune donnée");
    SlaReport.Line none = new SlaReport.Line(Priority.HIGH, 0, 0, 0, 0, 0, 0, null, null, Map.of());
    assertThat(ReportHtml.slaChart(List.of(none))).containsIgnoringCase("aucune donnée");
  }
}
