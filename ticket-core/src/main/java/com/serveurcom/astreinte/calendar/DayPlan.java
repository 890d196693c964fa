package com.serveurcom.astreinte.calendar;

import java.time.LocalDate;
import java.util.List;

/**
 * One local day cut into consecutive slots covering 00:00-24:00, each open or closed with its reason.
 * {@code label} names the holiday, closure or exceptional opening when there is one.
 */
public record DayPlan(LocalDate date, List<Slot> slots) {
  public DayPlan {
    slots = List.copyOf(slots);
  }

  public record Slot(TimeRange range, Reason reason, String label) {
    public boolean open() {
      return reason.opening();
    }
  }

  public List<Slot> openSlots() {
    return slots.stream().filter(Slot::open).toList();
  }
}
