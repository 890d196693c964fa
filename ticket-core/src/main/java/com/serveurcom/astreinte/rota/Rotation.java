package com.serveurcom.astreinte.rota;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The weekly rotation: each technician of {@code order} is on call for one week in turn, from the
 * hand-over (day and local time) to the next. The cycle's first week starts at {@code cycleStart}
 * (which falls on {@code handOverDay}) at {@code handOverTime}; before that the rotation puts nobody
 * on duty. Hand-overs are computed in {@code zone} local time, so "Monday 09:00" stays 09:00 on the
 * wall clock across the DST changes (the week in between is then 167 or 169 hours long).
 * The same technician may appear several times in {@code order} (two weeks out of five, say).
 */
public record Rotation(List<String> order, DayOfWeek handOverDay, LocalTime handOverTime, LocalDate cycleStart, ZoneId zone) {
  public Rotation {
    order = List.copyOf(order);
    Objects.requireNonNull(handOverDay, "handOverDay");
    Objects.requireNonNull(handOverTime, "handOverTime");
    Objects.requireNonNull(cycleStart, "cycleStart");
    Objects.requireNonNull(zone, "zone");
    if (cycleStart.getDayOfWeek() != handOverDay) {
      throw new IllegalArgumentException("cycle start " + cycleStart + " is a " + cycleStart.getDayOfWeek()
          + ", hand-overs are on " + handOverDay);
    }
  }

  /** The instant of the {@code week}-th hand-over of the cycle (0: the cycle's start). */
  public Instant handOver(long week) {
    // ZonedDateTime.of shifts a local time that falls in a DST gap forward, which is what a
    // hand-over at such a time should do (no wall clock ever shows it).
    return ZonedDateTime.of(cycleStart.plusWeeks(week), handOverTime, zone).toInstant();
  }

  /** The cycle week holding {@code at}: negative before the cycle starts. */
  public long weekAt(Instant at) {
    LocalDate day = at.atZone(zone).toLocalDate();
    long week = Math.floorDiv(ChronoUnit.DAYS.between(cycleStart, day), 7);
    // The hand-over day itself belongs to the previous week until the hand-over time.
    if (at.isBefore(handOver(week))) {
      week--;
    } else if (!at.isBefore(handOver(week + 1))) {
      week++;
    }
    return week;
  }

  /** Who the rotation puts on duty in cycle week {@code week}; null before the start or with an empty order. */
  public String technicianIdInWeek(long week) {
    if (week < 0 || order.isEmpty()) {
      return null;
    }
    return order.get((int) Math.floorMod(week, (long) order.size()));
  }
}
