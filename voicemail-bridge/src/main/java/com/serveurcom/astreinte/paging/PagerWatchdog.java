package com.serveurcom.astreinte.paging;

import com.serveurcom.astreinte.escalation.Contact;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.rota.Rota;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pager watching itself: when the outbox runs late, when Twilio fails several times in a row on
 * one channel, or when the AMI link has been down too long, the rota's last-resort contact is alerted
 * directly (not through the outbox, which may be what is broken), by the channel that still works:
 * an SMS when calls fail, a call when SMS fail. When both fail, Twilio itself is down and nothing can
 * reach anyone: it is logged at ERROR for the monitoring that reads the logs. Each incident alerts
 * once; it may alert again after it has cleared.
 */
public final class PagerWatchdog implements PagingHealth {
  private static final Logger LOG = LoggerFactory.getLogger(PagerWatchdog.class);

  /** What can go wrong. */
  public enum Incident {
    OUTBOX_LATE,
    SMS_FAILING,
    VOICE_FAILING,
    AMI_DOWN,
    /** The database stays unreachable: nothing is paged, the calls' messages wait in the journal. */
    DATABASE_DOWN
  }

  /**
   * @param outboxLateAfter       alert when the oldest due row is this late (default 3 min)
   * @param failuresInARow        alert after this many consecutive failures on one channel (default 3)
   * @param amiDownAfter          alert when the AMI link has been down this long (default 5 min)
   * @param databaseDownAfter     alert when the database has been unreachable this long (default 3 min)
   */
  public record Settings(Duration outboxLateAfter, int failuresInARow, Duration amiDownAfter,
      Duration databaseDownAfter) {
    public Settings(Duration outboxLateAfter, int failuresInARow, Duration amiDownAfter) {
      this(outboxLateAfter, failuresInARow, amiDownAfter, Duration.ofMinutes(3));
    }

    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(3), 3, Duration.ofMinutes(5), Duration.ofMinutes(3));
    }

    public Settings withDatabaseDownAfter(Duration after) {
      return new Settings(outboxLateAfter, failuresInARow, amiDownAfter, after);
    }
  }

  private final Outbox outbox;
  private final Supplier<Rota> rota;
  private final Pager pager;
  private final VoiceScripts voice;
  private final Supplier<Instant> amiDownSince;
  private final Supplier<PagingTexts> texts;
  private final Settings settings;
  private final com.serveurcom.astreinte.mail.Mailing mailing;
  private final Set<Incident> active = EnumSet.noneOf(Incident.class);
  private int smsFailures;
  private int voiceFailures;

  /**
   * @param amiDownSince when the AMI link went down, null while it is up
   * @param texts        the texts in force (reloaded config): what the last-resort contact reads or hears
   */
  public PagerWatchdog(Outbox outbox, Supplier<Rota> rota, Supplier<PagingTexts> texts, Pager pager, VoiceScripts voice,
      Supplier<Instant> amiDownSince, Settings settings) {
    this(outbox, rota, texts, pager, voice, amiDownSince, settings,
        com.serveurcom.astreinte.mail.Mailing.kept(Optional.empty()));
  }

  /**
   * @param mailing the relay the self-alarm also goes through, to the last-resort contact's e-mail
   *                (directly, like the SMS: the outbox may be what is broken); kept: no e-mail
   */
  public PagerWatchdog(Outbox outbox, Supplier<Rota> rota, Supplier<PagingTexts> texts, Pager pager, VoiceScripts voice,
      Supplier<Instant> amiDownSince, Settings settings, com.serveurcom.astreinte.mail.Mailing mailing) {
    this.mailing = Objects.requireNonNull(mailing, "mailing");
    this.texts = Objects.requireNonNull(texts, "texts");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.rota = Objects.requireNonNull(rota, "rota");
    this.pager = Objects.requireNonNull(pager, "pager");
    this.voice = Objects.requireNonNull(voice, "voice");
    this.amiDownSince = Objects.requireNonNull(amiDownSince, "amiDownSince");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public synchronized void sendSucceeded(String channel) {
    if (channel.equals("sms")) {
      smsFailures = 0;
    } else {
      voiceFailures = 0;
    }
  }

  @Override
  public synchronized void sendFailed(String channel, String why) {
    if (channel.equals("sms")) {
      smsFailures++;
    } else {
      voiceFailures++;
    }
  }

  /** Incidents currently open (alerted and not cleared). */
  public synchronized Set<Incident> active() {
    return EnumSet.copyOf(active);
  }

  /** Called after each engine pass. */
  public void check(Instant now) {
    Duration late = outbox.oldestDueAge(now);
    Instant amiDown = amiDownSince.get();
    boolean smsBad;
    boolean voiceBad;
    synchronized (this) {
      smsBad = smsFailures >= settings.failuresInARow();
      voiceBad = voiceFailures >= settings.failuresInARow();
    }
    update(Incident.OUTBOX_LATE, late.compareTo(settings.outboxLateAfter()) > 0, now,
        () -> texts.get().alarmOutboxLate(late.toMinutes()), smsBad, voiceBad);
    update(Incident.SMS_FAILING, smsBad, now, () -> texts.get().alarmSmsFailing(), smsBad, voiceBad);
    update(Incident.VOICE_FAILING, voiceBad, now, () -> texts.get().alarmVoiceFailing(), smsBad, voiceBad);
    update(Incident.AMI_DOWN, amiDown != null && Duration.between(amiDown, now).compareTo(settings.amiDownAfter()) > 0,
        now, () -> texts.get().alarmAmiDown(amiDown == null ? 0 : Duration.between(amiDown, now).toMinutes()), smsBad,
        voiceBad);
  }

  /**
   * The database's own check, on a schedule of its own: while the database is down the engine's
   * passes fail before {@link #check} runs, and the outbox cannot carry this alert, so it goes to
   * the pager directly, once per outage.
   *
   * @param downSince       when the database became unreachable, empty while it answers
   * @param messagesWaiting on-call messages kept in the journal, to be registered once it is back
   */
  public void checkDatabase(Instant now, Optional<Instant> downSince, int messagesWaiting) {
    boolean smsBad;
    boolean voiceBad;
    synchronized (this) {
      smsBad = smsFailures >= settings.failuresInARow();
      voiceBad = voiceFailures >= settings.failuresInARow();
    }
    long minutes = downSince.map(d -> Duration.between(d, now).toMinutes()).orElse(0L);
    update(Incident.DATABASE_DOWN,
        downSince.isPresent() && Duration.between(downSince.get(), now).compareTo(settings.databaseDownAfter()) >= 0,
        now, () -> texts.get().alarmDatabaseDown(minutes, messagesWaiting), smsBad, voiceBad);
  }

  /** @param text written only when the incident alerts (most checks find nothing new) */
  private void update(Incident incident, boolean on, Instant now, Supplier<String> text, boolean smsBad,
      boolean voiceBad) {
    synchronized (this) {
      if (!on) {
        if (active.remove(incident)) {
          LOG.info("incident d'envoi des pages {} terminé", incident);
        }
        return;
      }
      if (!active.add(incident)) {
        return; // already alerted for this incident
      }
    }
    String said = text.get();
    LOG.error("AUTO-ALARME {} : {}", incident, said);
    alert(incident, said, smsBad, voiceBad, now);
  }

  private void alert(Incident incident, String text, boolean smsBad, boolean voiceBad, Instant now) {
    Contact c = rota.get().lastResort();
    String key = "watchdog:" + incident.name().toLowerCase() + ":" + now.getEpochSecond();
    try {
      if (smsBad && voiceBad) {
        LOG.error("AUTO-ALARME {} : Twilio échoue en SMS et en appel, le contact de dernier recours {} est injoignable"
            + " par téléphone. Personne n'est alerté : vérifiez Twilio et le réseau MAINTENANT.", incident,
            c.maskedPhone());
        return;
      }
      try {
        if (smsBad) {
          pager.placeCall(c.phone(), voice.announce(text), key, CallKind.ANNOUNCEMENT);
        } else {
          pager.sendSms(c.phone(), text, key);
        }
        LOG.warn("contact de dernier recours {} alerté par {} : {}", c.maskedPhone(), smsBad ? "appel" : "SMS", incident);
      } catch (PagingFailure f) {
        LOG.error("AUTO-ALARME {} : l'alerte du contact de dernier recours {} a échoué elle aussi : {}", incident,
            c.maskedPhone(), f.getMessage());
      }
    } finally {
      // After the phone, never before it: a slow or unreachable relay must not delay the SMS or the call.
      mail(c, key, text, now);
    }
  }

  /** The self-alarm by e-mail too, when the server has a relay and the contact an address. */
  private void mail(Contact c, String key, String text, Instant now) {
    if (!mailing.sends() || c.email() == null || c.email().isBlank()) {
      return;
    }
    try {
      var r = new com.serveurcom.astreinte.mail.MailTexts(texts.get().messages()).alarm(text, c.name(), now);
      String reply = mailing.mailer().send(new com.serveurcom.astreinte.mail.OutgoingMail(
          com.serveurcom.astreinte.mail.MessageIds.of(key, mailing.domain()), c.email().strip(), c.name(), r.subject(),
          r.text(), now), () -> { });
      LOG.warn("contact de dernier recours {} alerté par courriel : {}", com.serveurcom.astreinte.mail.MessageIds.masked(c.email()),
          reply);
    } catch (com.serveurcom.astreinte.mail.MailFailure | RuntimeException f) {
      LOG.error("AUTO-ALARME : le courriel au contact de dernier recours {} a échoué : {}",
          com.serveurcom.astreinte.mail.MessageIds.masked(c.email()), Phones.maskAll(String.valueOf(f.getMessage())));
    }
  }
}
