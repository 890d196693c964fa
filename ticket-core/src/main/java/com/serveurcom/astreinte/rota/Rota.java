package com.serveurcom.astreinte.rota;

import com.serveurcom.astreinte.calendar.BusinessCalendar;
import com.serveurcom.astreinte.calendar.CalendarStatus;
import com.serveurcom.astreinte.escalation.Contact;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The on-call rota as the admins configured it, and who it puts on duty when. Pure and
 * deterministic: no clock, no I/O; every answer is a function of the instant asked about.
 *
 * <p>Precedence: an override in force beats the rotation; when several overrides cover the same
 * instant, the one listed last wins (admins append new arrangements at the end of the file, and the
 * newest arrangement is the one they mean). A rule naming a technician the rota does not list puts
 * nobody on duty rather than guessing someone: {@link #gaps} then reports it.
 *
 * @param technicians everyone who can be on call, ids unique
 * @param backupChain ids of the technicians paged after the primary, in order
 * @param lastResort who gets the pager's self-alarms (nobody took charge, paging failing)
 */
public record Rota(List<Technician> technicians, Rotation rotation, List<RotaOverride> overrides,
    List<String> backupChain, Contact lastResort, PagingTimings timings, OnCallScope scope, VoiceRoute voice,
    PageLimits limits) {

  /** A rota without a {@code limites-envoi} section: {@link PageLimits#defaults()}. */
  public Rota(List<Technician> technicians, Rotation rotation, List<RotaOverride> overrides,
      List<String> backupChain, Contact lastResort, PagingTimings timings, OnCallScope scope, VoiceRoute voice) {
    this(technicians, rotation, overrides, backupChain, lastResort, timings, scope, voice, PageLimits.defaults());
  }

  /** A rota without a {@code voix} section: voice pages go where SMS go. */
  public Rota(List<Technician> technicians, Rotation rotation, List<RotaOverride> overrides,
      List<String> backupChain, Contact lastResort, PagingTimings timings, OnCallScope scope) {
    this(technicians, rotation, overrides, backupChain, lastResort, timings, scope, VoiceRoute.TWILIO_ONLY);
  }

  /** How far {@link #onDutyAt} looks each way for the bounds of the answer it gives. */
  static final Duration SEARCH = Duration.ofDays(7 * 53);

  public Rota {
    technicians = List.copyOf(technicians);
    Objects.requireNonNull(rotation, "rotation");
    overrides = List.copyOf(overrides);
    backupChain = List.copyOf(backupChain);
    Objects.requireNonNull(lastResort, "lastResort");
    Objects.requireNonNull(timings, "timings");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(voice, "voice");
    Objects.requireNonNull(limits, "limits");
    for (int i = 0; i < technicians.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (technicians.get(i).id().equals(technicians.get(j).id())) {
          throw new IllegalArgumentException("duplicate technician id " + technicians.get(i).id());
        }
      }
    }
  }

  public Optional<Technician> technician(String id) {
    if (id == null) {
      return Optional.empty();
    }
    for (Technician t : technicians) {
      if (t.id().equals(id)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Who is on duty at {@code at}, their backups, the rule that decided, and how long that holds. */
  public OnDuty onDutyAt(Instant at) {
    Rule rule = ruleAt(at);
    Instant since = null;
    Instant until = null;
    for (DutySlot s : timeline(at.minus(SEARCH), at.plus(SEARCH))) {
      if (!at.isBefore(s.start()) && at.isBefore(s.end())) {
        since = s.start().equals(at.minus(SEARCH)) ? null : s.start();
        until = s.end().equals(at.plus(SEARCH)) ? null : s.end();
        break;
      }
    }
    Optional<Technician> primary = technician(rule.technicianId);
    return new OnDuty(at, primary, rule.technicianId, rule.source, Optional.ofNullable(rule.override),
        backupsFor(rule.technicianId), since, until);
  }

  /** The backup chain without {@code primaryId} (nobody is their own backup) and without unknown ids. */
  public List<Technician> backupsFor(String primaryId) {
    List<Technician> out = new ArrayList<>();
    for (String id : backupChain) {
      if (!id.equals(primaryId)) {
        technician(id).filter(t -> !out.contains(t)).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * The duty slots of [{@code from}, {@code to}): consecutive stretches with the same technician
   * named by the same rule (a technician on duty two weeks running is one slot).
   */
  public List<DutySlot> timeline(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return List.of();
    }
    TreeSet<Instant> cuts = new TreeSet<>();
    long week = Math.max(0, rotation.weekAt(from));
    for (Instant h = rotation.handOver(week); h.isBefore(to); h = rotation.handOver(++week)) {
      if (h.isAfter(from)) {
        cuts.add(h);
      }
    }
    for (RotaOverride o : overrides) {
      for (Instant i : List.of(o.from(), o.to())) {
        if (i.isAfter(from) && i.isBefore(to)) {
          cuts.add(i);
        }
      }
    }
    cuts.add(to);
    List<DutySlot> out = new ArrayList<>();
    Instant start = from;
    Rule current = ruleAt(from);
    for (Instant cut : cuts) {
      Rule next = cut.equals(to) ? null : ruleAt(cut);
      if (next == null || !next.equals(current)) {
        out.add(new DutySlot(start, cut, technician(current.technicianId), current.technicianId, current.source,
            Optional.ofNullable(current.override)));
        start = cut;
        current = next;
      }
    }
    return out;
  }

  /** The duty slots of the week (Monday 00:00 to the next Monday 00:00, local time) holding {@code date}. */
  public List<DutySlot> week(LocalDate date) {
    LocalDate monday = date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    return timeline(monday.atStartOfDay(rotation.zone()).toInstant(),
        ZonedDateTime.of(monday.plusWeeks(1).atStartOfDay(), rotation.zone()).toInstant());
  }

  /**
   * The closed periods of {@code calendar} within [{@code from}, {@code to}) with nobody on duty,
   * in order. A closed period partly covered yields only its uncovered part; uncovered time while
   * the line is open is no gap (the agents take the calls).
   */
  public List<Gap> gaps(Instant from, Instant to, BusinessCalendar calendar) {
    List<Gap> out = new ArrayList<>();
    List<DutySlot> uncovered = timeline(from, to).stream().filter(s -> s.technician().isEmpty()).toList();
    if (uncovered.isEmpty()) {
      return out;
    }
    for (Instant[] closed : closedPeriods(from, to, calendar)) {
      for (DutySlot s : uncovered) {
        Instant a = max(closed[0], s.start());
        Instant b = min(closed[1], s.end());
        if (a.isBefore(b)) {
          out.add(new Gap(a, b, causeOf(s), s.source() == DutySource.NONE ? null : s.technicianId()));
        }
      }
    }
    return out;
  }

  private Gap.Cause causeOf(DutySlot s) {
    if (s.source() != DutySource.NONE) {
      return Gap.Cause.UNKNOWN_TECHNICIAN;
    }
    return rotation.order().isEmpty() ? Gap.Cause.EMPTY_ROTATION : Gap.Cause.BEFORE_CYCLE_START;
  }

  private static List<Instant[]> closedPeriods(Instant from, Instant to, BusinessCalendar calendar) {
    List<Instant[]> out = new ArrayList<>();
    Instant t = from;
    while (t.isBefore(to)) {
      CalendarStatus s = calendar.status(t);
      Instant end = s.nextChange() == null || s.nextChange().isAfter(to) ? to : s.nextChange();
      if (!s.open()) {
        out.add(new Instant[] {t, end});
      }
      t = end;
    }
    return out;
  }

  /** The rule in force at {@code at}, before looking the technician up. */
  private Rule ruleAt(Instant at) {
    for (int i = overrides.size() - 1; i >= 0; i--) {
      RotaOverride o = overrides.get(i);
      if (o.covers(at)) {
        return new Rule(DutySource.OVERRIDE, o.technicianId(), o);
      }
    }
    String id = rotation.technicianIdInWeek(rotation.weekAt(at));
    return id == null ? new Rule(DutySource.NONE, null, null) : new Rule(DutySource.ROTATION, id, null);
  }

  private record Rule(DutySource source, String technicianId, RotaOverride override) {}

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
