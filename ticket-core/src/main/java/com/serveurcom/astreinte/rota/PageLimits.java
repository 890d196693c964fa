package com.serveurcom.astreinte.rota;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How many pages one person, and the whole server, may get on a channel ({@code sms}, {@code voice}) over
 * a period (issue 13, the {@code limites-envoi} section of {@code astreinte.yaml}). A send past a limit is
 * never dropped: it waits, and the requests waiting for one person are grouped in the next send the
 * limits allow. The rules are sliding windows like GoAlert's throttle rules: at most {@code count} sends
 * in any {@code per}.
 *
 * @param personSms    rules per person for SMS
 * @param personVoice  rules per person for calls
 * @param globalSms    rules for all SMS the pager sends
 * @param globalVoice  rules for all calls the pager places
 * @param callUnderWay how long a call with no final status still counts as under way (a lost status
 *                     callback must not hold a person's next call for ever)
 */
public record PageLimits(List<Rule> personSms, List<Rule> personVoice, List<Rule> globalSms, List<Rule> globalVoice,
    Duration callUnderWay) {

  /** At most {@code count} sends in any {@code per}. */
  public record Rule(int count, Duration per) {
    public Rule {
      Objects.requireNonNull(per, "per");
      if (count < 1 || per.isNegative() || per.isZero()) {
        throw new IllegalArgumentException("a limit is a positive count over a positive period: " + count + " / " + per);
      }
    }
  }

  public PageLimits {
    personSms = List.copyOf(personSms);
    personVoice = List.copyOf(personVoice);
    globalSms = List.copyOf(globalSms);
    globalVoice = List.copyOf(globalVoice);
    Objects.requireNonNull(callUnderWay, "callUnderWay");
    if (callUnderWay.isNegative() || callUnderWay.isZero()) {
      throw new IllegalArgumentException("callUnderWay must be positive");
    }
  }

  /**
   * Without a {@code limites-envoi} section: per person 1 SMS a minute and 6 per 15 minutes, 1 call a
   * minute and 4 per 15 minutes (GoAlert's defaults per contact method are of the same order) (a lone request's chain, one page every 5 minutes, is never held);
   * for the whole server 60 SMS and 20 calls a minute; a call without a final status is taken as ended
   * after 5 minutes.
   */
  public static PageLimits defaults() {
    return new PageLimits(
        List.of(new Rule(1, Duration.ofMinutes(1)), new Rule(6, Duration.ofMinutes(15))),
        List.of(new Rule(1, Duration.ofMinutes(1)), new Rule(4, Duration.ofMinutes(15))),
        List.of(new Rule(60, Duration.ofMinutes(1))),
        List.of(new Rule(20, Duration.ofMinutes(1))),
        Duration.ofMinutes(5));
  }

  public List<Rule> perPerson(String channel) {
    return channel.equals("voice") ? personVoice : personSms;
  }

  public List<Rule> global(String channel) {
    return channel.equals("voice") ? globalVoice : globalSms;
  }

  /**
   * When the next send is allowed by {@code rules}, given the times of the earlier sends (any order):
   * {@code now} when no rule is full, else the end of the window of the send that fills each full rule.
   */
  public static Instant nextAllowed(List<Rule> rules, List<Instant> sent, Instant now) {
    List<Instant> newestFirst = sent.stream().sorted(java.util.Comparator.reverseOrder()).toList();
    Instant at = now;
    for (Rule r : rules) {
      Instant since = now.minus(r.per());
      long inWindow = newestFirst.stream().filter(t -> t.isAfter(since)).count();
      if (inWindow >= r.count()) {
        // The count-th newest send leaves the window at its time + per: then one more is allowed.
        Instant free = newestFirst.get(r.count() - 1).plus(r.per());
        at = free.isAfter(at) ? free : at;
      }
    }
    return at;
  }
}
