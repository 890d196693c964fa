package com.serveurcom.astreinte.http;

import com.serveurcom.astreinte.report.ReportCsv;
import com.serveurcom.astreinte.report.ReportHtml;
import com.serveurcom.astreinte.report.ReportPeriod;
import com.serveurcom.astreinte.report.Reports;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /api/reports/{sla|oncall|availability}?from=YYYY-MM-DD&to=YYYY-MM-DD[&account=NAME]&format=csv|html|json}:
 * the reports over Paris calendar days, {@code from} included, {@code to} excluded. CSV and HTML
 * come as attachments ready to save; json is the raw figures.
 */
public final class ReportApi {
  private final Reports reports;
  private final JsonBodies json;
  private final Clock clock;

  public ReportApi(Reports reports, JsonBodies json, Clock clock) {
    this.reports = reports;
    this.json = json;
    this.clock = clock;
  }

  public void register(Router router) {
    router.get("/api/reports/{kind}", this::report);
  }

  public HttpResponse report(HttpRequest request) {
    String kind = request.pathParam("kind");
    if (!kind.equals("sla") && !kind.equals("oncall") && !kind.equals("availability")) {
      throw ApiException.notFound("unknown report '" + kind + "' (sla, oncall or availability)");
    }
    LocalDate from = date(request, "from");
    LocalDate to = date(request, "to");
    ReportPeriod period;
    try {
      period = new ReportPeriod(from, to);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage(), "to");
    }
    String account = request.queryParam("account").filter(a -> !a.isBlank()).orElse(null);
    String format = request.queryParam("format").orElse("csv");
    if (!format.equals("csv") && !format.equals("html") && !format.equals("json")) {
      throw ApiException.badRequest("format must be csv, html or json", "format");
    }
    Instant now = clock.instant();
    Object report;
    String body;
    boolean csv = format.equals("csv");
    boolean html = format.equals("html");
    try {
      switch (kind) {
        case "sla" -> {
          var r = reports.sla(period, account, now);
          report = r;
          body = csv ? ReportCsv.sla(r) : html ? ReportHtml.sla(r, now) : null;
        }
        case "oncall" -> {
          var r = reports.oncall(period, account, now);
          report = r;
          body = csv ? ReportCsv.oncall(r) : html ? ReportHtml.oncall(r, now) : null;
        }
        default -> {
          var r = reports.availability(period, account);
          report = r;
          body = csv ? ReportCsv.availability(r) : html ? ReportHtml.availability(r, now) : null;
        }
      }
    } catch (IllegalArgumentException unknownAccount) {
      throw ApiException.notFound(unknownAccount.getMessage());
    }
    if (format.equals("json")) {
      return HttpResponse.json(200, json.write(report));
    }
    String type = format.equals("csv") ? "text/csv; charset=utf-8" : "text/html; charset=utf-8";
    String file = "rapport-" + kind + "-" + from + "-" + to + "." + format;
    return HttpResponse.bytes(200, type, body.getBytes(StandardCharsets.UTF_8))
        .withHeader("Content-Disposition", "attachment; filename=\"" + file + "\"");
  }

  private static LocalDate date(HttpRequest request, String name) {
    String v = request.queryParam(name)
        .orElseThrow(() -> ApiException.badRequest(name + " is required (YYYY-MM-DD)", name));
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(name + " must be a date YYYY-MM-DD", name);
    }
  }
}
