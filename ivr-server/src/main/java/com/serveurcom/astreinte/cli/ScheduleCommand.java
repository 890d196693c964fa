package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.calendar.BusinessCalendar;
import com.serveurcom.astreinte.calendar.CalendarStatus;
import com.serveurcom.astreinte.calendar.DayPlan;
import com.serveurcom.astreinte.calendar.ManualOverride;
import com.serveurcom.astreinte.http.ApiTokens;
import com.serveurcom.astreinte.calendar.Reason;
import com.serveurcom.astreinte.calendar.TimeRange;
import com.serveurcom.astreinte.config.AstreinteConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code schedule at INSTANT|-} and {@code schedule week [DATE]}: the business calendar from the shell. */
@Command(name = "schedule", description = "Heures d'ouverture : état à un instant, ou les plages d'ouverture d'une semaine.",
    subcommands = {ScheduleCommand.At.class, ScheduleCommand.Week.class})
final class ScheduleCommand implements Runnable {
  static final Locale FRENCH = Locale.FRANCE;
  private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy HH:mm", FRENCH);
  /** ISO-8601 with the local offset ({@code 2026-12-25T09:00:00+01:00}): exact, and in the local time people read. */
  private static final DateTimeFormatter ISO_LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  static String reasonFr(Reason r) {
    switch (r) {
      case HOURS: return "heures d'ouverture";
      case OUTSIDE_HOURS: return "hors heures d'ouverture";
      case WEEKEND: return "week-end";
      case HOLIDAY: return "jour férié";
      case CLOSURE: return "fermeture";
      case EXCEPTIONAL_OPENING: return "ouverture exceptionnelle";
      case OVERRIDE: return "forçage manuel";
      default: return r.code();
    }
  }

  @Command(name = "at", description = "Ouvert ou fermé à INSTANT (ISO-8601 avec Z ou un décalage), pourquoi, et le prochain changement ; '-' lit un instant par ligne de l'entrée standard.")
  static final class At implements Callable<Integer> {
    @Mixin CommonOptions common;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "INSTANT", description = "Instant ISO-8601, ou '-' pour l'entrée standard.")
    String instant;

    @Option(names = "--live", description = "Applique aussi le forçage du serveur en marche (override open|closed).")
    boolean live;

    @Option(names = "--api", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
        description = "Avec --live : le serveur en marche (défaut : ${DEFAULT-VALUE}).")
    java.net.URI api;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
        description = "Avec --live : le dossier de données qui contient le fichier api-token.")
    java.nio.file.Path data;

    /** The override in force on the running server; at most one request, even for 100 000 lines. */
    private ManualOverride override;

    private final com.serveurcom.astreinte.Settings settings;

    At(com.serveurcom.astreinte.Settings settings) {
      this.settings = settings;
    }

    @Override
    public Integer call() {
      AstreinteConfig config = common.loadOrReport();
      if (config == null) {
        return CommonOptions.EXIT_INVALID;
      }
      if (live) {
        try {
          override = liveOverride();
        } catch (ApiClient.Unreachable | RuntimeException e) {
          System.err.println(ErrorLine.of(spec, "--live : forçage du serveur inconnu (" + e.getMessage() + ")"));
          return ApiOptions.EXIT_UNAVAILABLE;
        }
      }
      BusinessCalendar cal = config.calendar();
      Writer out = CommonOptions.out();
      if ("-".equals(instant)) {
        return common.batch(out, line -> render(cal, Instants.parse(line)));
      }
      Instant at;
      try {
        at = Instants.parse(instant);
      } catch (IllegalArgumentException e) {
        System.err.println(ErrorLine.of(spec, e.getMessage()));
        return CommonOptions.EXIT_INVALID;
      }
      CommonOptions.print(out, render(cal, at));
      return CommonOptions.EXIT_OK;
    }

    private ManualOverride liveOverride() throws ApiClient.Unreachable {
      String token = new ApiTokens(settings.apiToken(), data, new java.security.SecureRandom()).existing()
          .map(ApiTokens.Resolved::token)
          .orElseThrow(() -> new ApiClient.Unreachable("aucun jeton d'API dans " + ApiTokens.ENV + " ni sous " + data));
      ApiClient.Response r = new ApiClient(api, token).get("/api/override");
      if (!r.ok()) {
        throw new ApiClient.Unreachable(r.error());
      }
      com.fasterxml.jackson.databind.JsonNode o = r.body().path("override");
      if (!o.isObject()) {
        return null;
      }
      return new ManualOverride(o.path("open").asBoolean(), Instant.parse(o.path("since").asText()),
          o.path("until").isNull() ? null : Instant.parse(o.path("until").asText()));
    }

    private String render(BusinessCalendar cal, Instant at) {
      CalendarStatus s = cal.status(at, override);
      if (common.json) {
        StringBuilder b = new StringBuilder(112);
        b.append("{\"instant\":\"").append(Instants.format(at)).append("\",\"open\":").append(s.open())
            .append(",\"reason\":\"").append(s.reason().code()).append("\",\"next_change\":");
        if (s.nextChange() == null) {
          b.append("null");
        } else {
          b.append('"').append(Instants.format(s.nextChange())).append('"');
        }
        return b.append('}').toString();
      }
      String next = s.nextChange() == null ? "aucun"
          : HUMAN.format(s.nextChange().atZone(cal.zone())) + " (" + ISO_LOCAL.format(s.nextChange().atZone(cal.zone())) + ")";
      return HUMAN.format(at.atZone(cal.zone())) + " (" + ISO_LOCAL.format(at.atZone(cal.zone())) + ") : "
          + (s.open() ? "ouvert" : "fermé") + " (" + reasonFr(s.reason()) + "), prochain changement : " + next;
    }
  }

  @Command(name = "week", description = "Les plages d'ouverture de la semaine (lundi à dimanche) qui contient DATE (défaut : aujourd'hui).")
  static final class Week implements Callable<Integer> {
    @Mixin CommonOptions common;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DATE", arity = "0..1", description = "Une date AAAA-MM-JJ (défaut : aujourd'hui, heure de Paris).")
    String date;

    /** Injectable for tests; the shell gets the system clock. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
      AstreinteConfig config = common.loadOrReport();
      if (config == null) {
        return CommonOptions.EXIT_INVALID;
      }
      BusinessCalendar cal = config.calendar();
      LocalDate day;
      try {
        day = date == null ? LocalDate.now(clock.withZone(cal.zone())) : LocalDate.parse(date);
      } catch (DateTimeParseException e) {
        System.err.println(ErrorLine.of(spec, "date invalide '" + date + "' (attendu AAAA-MM-JJ)"));
        return CommonOptions.EXIT_INVALID;
      }
      List<DayPlan> week = cal.week(day);
      Writer out = CommonOptions.out();
      try {
        if (!common.json) {
          out.write("Semaine du " + week.get(0).date().format(DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", FRENCH))
              + " (" + cal.zone() + ")\n");
        }
        for (DayPlan d : week) {
          out.write(common.json ? json(cal, d) : human(d));
          out.write('\n');
        }
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return CommonOptions.EXIT_OK;
    }

    private static String human(DayPlan d) {
      String name = String.format("%-22s", d.date().format(DateTimeFormatter.ofPattern("EEEE d MMMM", FRENCH)));
      List<DayPlan.Slot> open = d.openSlots();
      String notes = d.slots().stream()
          .filter(s -> s.label() != null)
          .map(s -> reasonFr(s.reason()) + " : " + s.label() + (s.range().equals(TimeRange.WHOLE_DAY) ? "" : " " + s.range()))
          .distinct().collect(Collectors.joining(" ; "));
      if (open.isEmpty()) {
        DayPlan.Slot first = d.slots().get(0);
        return name + "fermé (" + reasonFr(first.reason()) + (first.label() != null ? " : " + first.label() : "") + ")";
      }
      return name + open.stream().map(s -> s.range().toString()).collect(Collectors.joining(", "))
          + (notes.isEmpty() ? "" : "   [" + notes + "]");
    }

    private static String json(BusinessCalendar cal, DayPlan d) {
      StringBuilder b = new StringBuilder("{\"date\":\"").append(d.date()).append("\",\"intervals\":[");
      boolean first = true;
      for (DayPlan.Slot s : d.openSlots()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        b.append("{\"start\":\"").append(Instants.format(at(cal, d.date(), s.range().startMinute())))
            .append("\",\"end\":\"").append(Instants.format(at(cal, d.date(), s.range().endMinute())))
            .append("\",\"local\":\"").append(s.range()).append("\",\"reason\":\"").append(s.reason().code()).append("\"}");
      }
      b.append("],\"closed_reason\":");
      DayPlan.Slot firstSlot = d.slots().get(0);
      JsonOutput.str(b, d.openSlots().isEmpty() ? firstSlot.reason().code() : null).append(",\"label\":");
      String label = d.slots().stream().map(DayPlan.Slot::label).filter(l -> l != null).findFirst().orElse(null);
      return JsonOutput.str(b, label).append('}').toString();
    }

    private static Instant at(BusinessCalendar cal, LocalDate date, int minute) {
      LocalDate d = minute == TimeRange.DAY_MINUTES ? date.plusDays(1) : date;
      int m = minute % TimeRange.DAY_MINUTES;
      return ZonedDateTime.of(d, LocalTime.of(m / 60, m % 60), cal.zone()).toInstant();
    }
  }
}
