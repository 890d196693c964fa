package com.serveurcom.astreinte.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The support line's business calendar: open or closed at any instant and why, and the two
 * business clocks the SLA needs. Immutable as seen from outside; each local year is compiled once,
 * lazily, into a {@link YearTimeline} so that a status or a deadline costs a few binary searches
 * (well under a microsecond). Instants are handled at millisecond precision.
 */
public final class BusinessCalendar {
  /** How many years ahead we look for a change or for enough open time before giving up. */
  private static final int HORIZON_YEARS = 10;

  private final CalendarDefinition definition;
  private final DayPlanner planner;
  private final ConcurrentHashMap<Integer, YearTimeline> years = new ConcurrentHashMap<>();
  /** The last year used: almost every call of a batch hits the same one, so skip the map. */
  private volatile YearTimeline last;

  public BusinessCalendar(CalendarDefinition definition) {
    this.definition = Objects.requireNonNull(definition, "definition");
    this.planner = new DayPlanner(definition);
  }

  public CalendarDefinition definition() {
    return definition;
  }

  public ZoneId zone() {
    return definition.zone();
  }

  /** Open or closed at {@code at}, the reason, and when that flips. */
  public CalendarStatus status(Instant at) {
    long t = at.toEpochMilli();
    YearTimeline tl = timelineAt(t);
    int seg = tl.segmentAt(t);
    Reason reason = tl.reason(seg);
    long next = tl.nextFlipAfter(seg);
    Instant nextChange = next >= 0 ? Instant.ofEpochMilli(next) : firstFlipAfterYear(tl.year, reason.opening());
    return new CalendarStatus(at, reason.opening(), reason, nextChange);
  }

  /**
   * Status with a manual override applied (null: none). While the override is in force the line is
   * as forced, with reason {@code override}, and the next change is when the override ends (or the
   * natural change after it, if the natural state then is the forced one).
   */
  public CalendarStatus status(Instant at, ManualOverride override) {
    CalendarStatus natural = status(at);
    if (override == null) {
      return natural;
    }
    if (at.isBefore(override.since())) {
      if (natural.open() != override.open()
          && (natural.nextChange() == null || natural.nextChange().isAfter(override.since()))) {
        return new CalendarStatus(at, natural.open(), natural.reason(), override.since());
      }
      return natural;
    }
    Instant end = overrideEnd(override);
    if (end != null && !at.isBefore(end)) {
      return natural;
    }
    Instant next = null;
    if (end != null) {
      CalendarStatus after = status(end);
      next = after.open() != override.open() ? end : after.nextChange();
    }
    return new CalendarStatus(at, override.open(), Reason.OVERRIDE, next);
  }

  /** When an override stops being in force: its {@code until}, or the next natural change after {@code since}. */
  public Instant overrideEnd(ManualOverride override) {
    return override.until() != null ? override.until() : status(override.since()).nextChange();
  }

  /** A view of this calendar with an override in force, for code that only asks {@code status(at)}. */
  public java.util.function.Function<Instant, CalendarStatus> withOverride(ManualOverride override) {
    return at -> status(at, override);
  }

  /**
   * {@code from} plus {@code amount} of opening time ({@code business-hours} clock). Starting while
   * closed counts from the next opening; a deadline that lands on a closing time is that closing
   * time (Monday 08:30 + 4 h = 12:30).
   */
  public Instant addBusinessHours(Instant from, Duration amount) {
    return advance(from, amount, false);
  }

  /**
   * {@code from} plus {@code amount} of working-day time ({@code business-days} clock): all 24 hours
   * of working days count (Friday 16:30 + 48 h = Tuesday 16:30).
   */
  public Instant addBusinessDays(Instant from, Duration amount) {
    return advance(from, amount, true);
  }

  private Instant advance(Instant from, Duration amount, boolean workingDays) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("negative duration");
    }
    long t = from.toEpochMilli();
    long remaining = amount.toMillis();
    YearTimeline tl = timelineAt(t);
    for (int i = 0; i <= HORIZON_YEARS; i++) {
      OpenIntervals intervals = workingDays ? tl.workingDays : tl.open;
      long r = intervals.advance(t, remaining);
      if (r != OpenIntervals.NOT_FOUND) {
        return Instant.ofEpochMilli(r);
      }
      remaining -= intervals.openTimeFrom(t);
      t = tl.endMs;
      tl = timeline(tl.year + 1);
    }
    throw new IllegalStateException("not enough open time within " + HORIZON_YEARS + " years");
  }

  /** The day's slots from 00:00 to 24:00 local time. */
  public DayPlan day(LocalDate date) {
    return planner.plan(date);
  }

  /** Monday to Sunday of the week holding {@code date}. */
  public List<DayPlan> week(LocalDate date) {
    LocalDate monday = date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    List<DayPlan> days = new ArrayList<>(7);
    for (int i = 0; i < 7; i++) {
      days.add(planner.plan(monday.plusDays(i)));
    }
    return days;
  }

  public Optional<String> holidayOn(LocalDate date) {
    return definition.holidays().holidayOn(date);
  }

  /** Whether the {@code business-days} clock runs on that day. */
  public boolean isWorkingDay(LocalDate date) {
    return planner.isWorkingDay(date);
  }

  private Instant firstFlipAfterYear(int year, boolean open) {
    for (int y = year + 1; y <= year + HORIZON_YEARS; y++) {
      long t = timeline(y).firstWith(!open);
      if (t >= 0) {
        return Instant.ofEpochMilli(t);
      }
    }
    return null;
  }

  private YearTimeline timelineAt(long t) {
    YearTimeline tl = last;
    if (tl != null && t >= tl.startMs && t < tl.endMs) {
      return tl;
    }
    // The UTC year is the local year except for a few hours around New Year.
    int y = LocalDate.ofEpochDay(Math.floorDiv(t, 86_400_000L)).getYear();
    tl = timeline(y);
    if (t < tl.startMs) {
      tl = timeline(y - 1);
    } else if (t >= tl.endMs) {
      tl = timeline(y + 1);
    }
    last = tl;
    return tl;
  }

  private YearTimeline timeline(int year) {
    YearTimeline tl = years.get(year);
    if (tl == null) {
      tl = years.computeIfAbsent(year, y -> YearTimeline.build(y, definition.zone(), planner));
    }
    return tl;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BusinessCalendar other && other.definition.equals(definition);
  }

  @Override
  public int hashCode() {
    return definition.hashCode();
  }

  @Override
  public String toString() {
    return "BusinessCalendar" + definition;
  }
}
