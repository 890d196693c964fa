package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.calendar.CalendarStatus;
import com.serveurcom.astreinte.config.AstreinteConfig;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.config.RotaText;
import com.serveurcom.astreinte.rota.DutySlot;
import com.serveurcom.astreinte.rota.Gap;
import com.serveurcom.astreinte.rota.OnDuty;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.rota.RotaOverride;
import com.serveurcom.astreinte.rota.Technician;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code oncall now} and {@code oncall week}: who the rota puts on duty. The parent command is
 * meant to grow (the paging side adds {@code take-charge} and {@code decline} to its subcommands).
 * Mobiles are printed in full: this is the admins' tool, and the point is to phone someone.
 */
@Command(name = "oncall", description = "Astreinte : qui est d'astreinte maintenant ou sur une semaine, et prise en charge ou refus d'une demande.",
    subcommands = {OnCallCommand.Now.class, OnCallCommand.Week.class, OnCallAck.TakeCharge.class,
        OnCallAck.Decline.class})
final class OnCallCommand implements Runnable {
  /** How far ahead {@code oncall week} warns of closed periods with nobody on duty: as far as config check looks. */
  static final Duration WARN_AHEAD = ConfigLoader.COVERAGE_HORIZON;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  @Command(name = "now", description = "Qui est d'astreinte à INSTANT (défaut : maintenant), les secours, et jusqu'à quand.")
  static final class Now implements Callable<Integer> {
    @Mixin CommonOptions common;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--at", paramLabel = "INSTANT", description = "Instant ISO-8601 avec Z ou un décalage (défaut : maintenant).")
    String at;

    /** Injectable for tests; the shell gets the system clock. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
      AstreinteConfig config = common.loadOrReport();
      if (config == null) {
        return CommonOptions.EXIT_INVALID;
      }
      Instant instant;
      try {
        instant = at == null ? clock.instant() : Instants.parse(at);
      } catch (IllegalArgumentException e) {
        System.err.println(ErrorLine.of(spec, e.getMessage()));
        return CommonOptions.EXIT_INVALID;
      }
      Rota rota = config.rota();
      ZoneId zone = config.calendar().zone();
      OnDuty d = rota.onDutyAt(instant);
      CalendarStatus line = config.calendar().status(instant);
      if (!d.covered() && !line.open()) {
        System.err.println("attention : personne d'astreinte à " + RotaText.when(instant, zone)
            + " alors que la ligne est fermée (bin/astreinte oncall week, bin/astreinte config check)");
      }
      CommonOptions.print(CommonOptions.out(), common.json ? json(d, line) : human(d, line, rota, zone));
      return CommonOptions.EXIT_OK;
    }

    private static String human(OnDuty d, CalendarStatus line, Rota rota, ZoneId zone) {
      StringBuilder b = new StringBuilder();
      b.append(RotaText.when(d.at(), zone)).append(" (heure de Paris) : ");
      if (d.covered()) {
        b.append("d'astreinte ").append(person(d.primary().get())).append(", ").append(rule(d.source().code(), d.override()));
      } else {
        b.append("personne d'astreinte").append(d.technicianId() == null ? "" : " (technicien inconnu « " + d.technicianId() + " »)");
      }
      if (d.until() != null) {
        b.append(", jusqu'au ").append(RotaText.when(d.until(), zone));
      }
      b.append(" ; secours : ").append(d.backups().isEmpty() ? "aucun"
          : d.backups().stream().map(OnCallCommand::person).collect(Collectors.joining(", ")));
      b.append(" ; ligne ").append(line.open() ? "ouverte" : "fermée")
          .append(" (").append(ScheduleCommand.reasonFr(line.reason())).append(')');
      return b.toString();
    }

    private static String json(OnDuty d, CalendarStatus line) {
      StringBuilder b = new StringBuilder("{\"instant\":\"").append(Instants.format(d.at())).append("\",\"line_open\":")
          .append(line.open()).append(",\"on_duty\":");
      technician(b, d.primary());
      b.append(",\"technician_id\":");
      JsonOutput.str(b, d.technicianId()).append(",\"source\":\"").append(d.source().code()).append("\",\"override_reason\":");
      JsonOutput.str(b, d.override().map(RotaOverride::reason).orElse(null)).append(",\"since\":");
      JsonOutput.str(b, Instants.format(d.since())).append(",\"until\":");
      JsonOutput.str(b, Instants.format(d.until())).append(",\"backups\":[");
      for (int i = 0; i < d.backups().size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        technician(b, Optional.of(d.backups().get(i)));
      }
      return b.append("]}").toString();
    }
  }

  @Command(name = "week", description = "Les tours d'astreinte de la semaine (lundi à dimanche) qui contient DATE (défaut :"
      + " cette semaine) ; signale sur la sortie d'erreur toute période fermée sans personne d'astreinte dans les "
      + ConfigLoader.COVERAGE_WEEKS + " semaines à venir, comme config check.")
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
      ZoneId zone = config.calendar().zone();
      Instant now = clock.instant();
      LocalDate day;
      try {
        day = date == null ? LocalDate.ofInstant(now, zone) : LocalDate.parse(date);
      } catch (DateTimeParseException e) {
        System.err.println(ErrorLine.of(spec, "date invalide '" + date + "' (attendu AAAA-MM-JJ)"));
        return CommonOptions.EXIT_INVALID;
      }
      Rota rota = config.rota();
      List<DutySlot> slots = rota.week(day);
      // The warning is about the weeks to come from today, whichever week is displayed: it is the
      // admin's cue to fix the rota before a customer meets the gap.
      Instant until = now.plus(WARN_AHEAD);
      List<Gap> gaps = rota.gaps(now, until, config.calendar());
      for (Gap g : gaps) {
        System.err.println("attention : " + RotaText.gap(g, rota, zone));
      }
      Writer out = CommonOptions.out();
      try {
        if (!common.json) {
          out.write("Astreinte, semaine du " + RotaText.when(slots.get(0).start(), zone).replace(" 00:00", "")
              + " (" + zone + ")\n");
        }
        for (DutySlot s : slots) {
          out.write(common.json ? json(s) : human(s, zone));
          out.write('\n');
        }
        if (common.json) {
          StringBuilder b = new StringBuilder("{\"type\":\"gaps\",\"from\":\"").append(Instants.format(now))
              .append("\",\"to\":\"").append(Instants.format(until)).append("\",\"gaps\":[");
          for (int i = 0; i < gaps.size(); i++) {
            Gap g = gaps.get(i);
            b.append(i > 0 ? "," : "").append("{\"start\":\"").append(Instants.format(g.from())).append("\",\"end\":\"")
                .append(Instants.format(g.to())).append("\",\"cause\":\"").append(g.cause().name().toLowerCase(java.util.Locale.ROOT))
                .append("\",\"message\":");
            JsonOutput.str(b, RotaText.gap(g, rota, zone)).append('}');
          }
          out.write(b.append("]}\n").toString());
        } else if (gaps.isEmpty()) {
          out.write("Aucune période fermée sans astreinte d'ici au " + RotaText.when(until, zone) + ".\n");
        }
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return CommonOptions.EXIT_OK;
    }

    private static String human(DutySlot s, ZoneId zone) {
      String who = s.technician().map(t -> person(t) + ", " + rule(s.source().code(), s.override()))
          .orElse("personne d'astreinte" + (s.technicianId() == null ? "" : " (technicien inconnu « " + s.technicianId() + " »)"));
      return String.format("%-30s -> %-30s %s", RotaText.when(s.start(), zone), RotaText.when(s.end(), zone), who);
    }

    private static String json(DutySlot s) {
      StringBuilder b = new StringBuilder("{\"type\":\"slot\",\"start\":\"").append(Instants.format(s.start()))
          .append("\",\"end\":\"").append(Instants.format(s.end())).append("\",\"on_duty\":");
      technician(b, s.technician());
      b.append(",\"technician_id\":");
      JsonOutput.str(b, s.technicianId()).append(",\"source\":\"").append(s.source().code()).append("\",\"override_reason\":");
      return JsonOutput.str(b, s.override().map(RotaOverride::reason).orElse(null)).append('}').toString();
    }
  }

  static String person(Technician t) {
    return t.name() + " (" + t.mobile() + ")";
  }

  private static String rule(String source, Optional<RotaOverride> override) {
    if (override.isEmpty()) {
      return "rotation";
    }
    String reason = override.get().reason();
    return "remplacement" + (reason == null || reason.isBlank() ? "" : " : " + reason);
  }

  private static void technician(StringBuilder b, Optional<Technician> t) {
    if (t.isEmpty()) {
      b.append("null");
      return;
    }
    b.append("{\"id\":");
    JsonOutput.str(b, t.get().id()).append(",\"name\":");
    JsonOutput.str(b, t.get().name()).append(",\"mobile\":");
    JsonOutput.str(b, t.get().mobile()).append('}');
  }
}
