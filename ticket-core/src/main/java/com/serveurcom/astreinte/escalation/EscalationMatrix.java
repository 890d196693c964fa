package com.serveurcom.astreinte.escalation;

import com.serveurcom.astreinte.ticket.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The escalation matrix: per priority, the overrun thresholds of levels 1, 2, 3 (strictly
 * increasing; an empty list means the priority never escalates, as low in the seed), and per level
 * the contacts to inform.
 *
 * @param callerTransfer when a caller asks for escalation on the phone and a level is due, the
 *     Asterisk dial string that connects the caller to that level's first contact, with
 *     {@code {numero}} standing for the contact's number (e.g. {@code PJSIP/{numero}@operateur});
 *     null when callers are not connected
 */
public record EscalationMatrix(
    Map<Priority, List<Duration>> thresholds, Map<Integer, List<Contact>> contacts, String callerTransfer,
    Map<Integer, java.util.Set<NoticeChannel>> channels) {

  public EscalationMatrix(Map<Priority, List<Duration>> thresholds, Map<Integer, List<Contact>> contacts) {
    this(thresholds, contacts, null);
  }

  public EscalationMatrix(Map<Priority, List<Duration>> thresholds, Map<Integer, List<Contact>> contacts,
      String callerTransfer) {
    this(thresholds, contacts, callerTransfer, Map.of());
  }

  /**
   * How {@code level}'s managers are told: as escalade.yaml's {@code canaux} says, else the rule
   * before that key existed, plus e-mail: SMS and e-mail at every level, a call as well from level 2.
   */
  public java.util.Set<NoticeChannel> channels(int level) {
    java.util.Set<NoticeChannel> configured = channels.get(level);
    if (configured != null) {
      return configured;
    }
    return level >= 2 ? java.util.EnumSet.allOf(NoticeChannel.class)
        : java.util.EnumSet.of(NoticeChannel.SMS, NoticeChannel.EMAIL);
  }

  /** The dial string connecting a caller to {@code level}'s first contact, if transfers are configured. */
  public java.util.Optional<String> transferDial(int level) {
    List<Contact> c = contacts.getOrDefault(level, List.of());
    if (callerTransfer == null || c.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(callerTransfer.replace("{numero}", c.get(0).phone()));
  }

  public EscalationMatrix {
    if (callerTransfer != null && !callerTransfer.contains("{numero}")) {
      throw new IllegalArgumentException("callerTransfer must contain {numero}");
    }
    EnumMap<Priority, List<Duration>> t = new EnumMap<>(Priority.class);
    for (Priority p : Priority.values()) {
      List<Duration> levels = List.copyOf(thresholds.getOrDefault(p, List.of()));
      for (int i = 1; i < levels.size(); i++) {
        if (levels.get(i).compareTo(levels.get(i - 1)) <= 0) {
          throw new IllegalArgumentException("thresholds of " + p.code() + " not increasing");
        }
      }
      t.put(p, levels);
    }
    thresholds = Map.copyOf(t);
    contacts = Map.copyOf(contacts);
    java.util.Map<Integer, java.util.Set<NoticeChannel>> c = new java.util.HashMap<>();
    (channels == null ? Map.<Integer, java.util.Set<NoticeChannel>>of() : channels)
        .forEach((level, set) -> c.put(level, java.util.Collections.unmodifiableSet(set.isEmpty()
            ? java.util.EnumSet.noneOf(NoticeChannel.class) : java.util.EnumSet.copyOf(set))));
    channels = Map.copyOf(c);
  }

  /**
   * The level a deadline overrun allows at {@code now}: 0 up to and including the deadline, else
   * the highest level whose threshold the overrun has reached (thresholds are "at least").
   */
  public int level(Priority priority, Instant deadline, Instant now) {
    if (!now.isAfter(deadline)) {
      return 0;
    }
    Duration overrun = Duration.between(deadline, now);
    List<Duration> levels = thresholds.get(priority);
    int level = 0;
    for (int i = 0; i < levels.size(); i++) {
      if (overrun.compareTo(levels.get(i)) >= 0) {
        level = i + 1;
      }
    }
    return level;
  }

  /** The contacts of a level (1-based); empty if none configured. */
  public List<Contact> contacts(int level) {
    return contacts.getOrDefault(level, List.of());
  }

  public List<Duration> thresholds(Priority priority) {
    return thresholds.get(priority);
  }

  /** The seed's thresholds (high 15 min / 30 min / 1 h, medium 1 h / 12 h / 24 h, low never), with given contacts. */
  public static EscalationMatrix seed(Map<Integer, List<Contact>> contacts) {
    return new EscalationMatrix(Map.of(
        Priority.HIGH, List.of(Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1)),
        Priority.MEDIUM, List.of(Duration.ofHours(1), Duration.ofHours(12), Duration.ofHours(24)),
        Priority.LOW, List.of()), contacts);
  }
}
