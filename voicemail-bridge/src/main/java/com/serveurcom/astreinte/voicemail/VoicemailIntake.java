package com.serveurcom.astreinte.voicemail;

import com.serveurcom.astreinte.database.Timestamps;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static com.serveurcom.astreinte.database.generated.Tables.VOICEMAIL_MESSAGE;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.generated.tables.records.VoicemailMessageRecord;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.paging.Phones;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From a message in the on-call mailbox to a page, whatever happened to the call that left it.
 *
 * <ul>
 *   <li>{@link #claim} — the normal path, right after the call flow registered the request: the message
 *       is identified by its msg_id, its audio copied into the {@link RecordingStore}, and linked to the
 *       request whose page already covers it.
 *   <li>{@link #scan} — the safety net: any message of the INBOX that no registration claimed once the
 *       grace period after its recording has passed (the server died during the call, the registration
 *       failed...) is stored and paged on its own, as an outbox row {@code page_orphan} keyed
 *       {@code orphan-msg:<msg_id>}, with what its metadata says. Run periodically, and soon after a
 *       MessageWaiting event ({@link #messagesWaiting}).
 * </ul>
 * Several server instances may scan the same spool: the row lock and the outbox key make one page.
 */
public final class VoicemailIntake {
  /** The outbox kind the paging engine pages as an orphan message. */
  public static final String ORPHAN_PAGE = OutboxMessage.Kind.ORPHAN_PAGE.code();
  public static final String ORPHAN_KEY_PREFIX = "orphan-msg:";
  /** Orphan page of a message whose metadata is unreadable, keyed by the digest of its files. */
  public static final String ORPHAN_BROKEN_KEY_PREFIX = "orphan-file:";

  private static final Logger LOG = LoggerFactory.getLogger(VoicemailIntake.class);
  /** A registration is written by the call that recorded the message: never long before it. */
  private static final Duration CALL_BEFORE_MESSAGE = Duration.ofHours(1);
  /** Tolerated clock difference between Asterisk (origtime) and us (registration time). */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  /**
   * @param grace       how long after the end of a recording its call may still claim it (2 min)
   * @param scanEvery   periodic scan, whatever AMI says (1 min)
   * @param debounce    delay of the scan a MessageWaiting event triggers, so a burst makes one scan (2 s)
   * @param retention   how long recordings are kept (90 days)
   * @param purgeEvery  how often the purge runs (1 h)
   */
  public record Settings(Duration grace, Duration scanEvery, Duration debounce, Duration retention, Duration purgeEvery) {
    public Settings {
      for (Duration d : List.of(grace, scanEvery, debounce, retention, purgeEvery)) {
        if (d.isNegative()) {
          throw new IllegalArgumentException("les durées ne peuvent pas être négatives : " + d);
        }
      }
      if (scanEvery.isZero() || purgeEvery.isZero() || retention.isZero()) {
        throw new IllegalArgumentException("scanEvery, purgeEvery et retention doivent être strictement positifs");
      }
    }

    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofSeconds(2),
          RecordingStore.DEFAULT_RETENTION, Duration.ofHours(1));
    }

    public Settings withGrace(Duration v) {
      return new Settings(v, scanEvery, debounce, retention, purgeEvery);
    }

    public Settings withRetention(Duration v) {
      return new Settings(grace, scanEvery, debounce, v, purgeEvery);
    }

    public Settings withDebounce(Duration v) {
      return new Settings(grace, scanEvery, v, retention, purgeEvery);
    }
  }

  public enum ClaimOutcome {
    /** Linked to its registration; the audio is in the store. */
    CLAIMED,
    /** This call had already claimed it (journal replay, retry). */
    ALREADY_CLAIMED,
    /** No registration of this call names the message (yet): stored, and left to the scan. */
    NOT_REGISTERED,
    /** The file is not in the spool (spool not mounted here, or already removed): the page goes without it. */
    NOT_IN_SPOOL
  }

  public record Claim(ClaimOutcome outcome, Optional<String> msgId) {}

  /**
   * @param seen      readable messages in the INBOX
   * @param linked    found registered by path (the registration's claim had not run)
   * @param orphans   paged as orphans by this scan
   * @param waiting   still within their grace period
   * @param nextDue   when the first waiting message leaves its grace period
   */
  public record ScanReport(int seen, int linked, int orphans, int waiting, Optional<Instant> nextDue) {
    /** What the scan did, as the log tells it. */
    public String summary() {
      return seen + " message(s) vu(s), " + linked + " rattaché(s), " + orphans + " envoyé(s) comme orphelin(s), "
          + waiting + " en attente" + nextDue.map(d -> " (prochain examen vers " + Timestamps.paris(d) + ")").orElse("");
    }
  }

  private final VoicemailSpool spool;
  private final RecordingStore store;
  private final Database database;
  private final Clock clock;
  private final Settings settings;

  private final AtomicBoolean scanQueued = new AtomicBoolean();
  private volatile ScheduledExecutorService executor;
  private ScheduledFuture<?> followUp;
  private Instant followUpAt;

  public VoicemailIntake(VoicemailSpool spool, RecordingStore store, Database database, Clock clock, Settings settings) {
    this.spool = Objects.requireNonNull(spool, "spool");
    this.store = Objects.requireNonNull(store, "store");
    this.database = Objects.requireNonNull(database, "database");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public String mailbox() {
    return spool.mailbox();
  }

  /**
   * Links the message a registered call left ({@code VM_MESSAGEFILE}) to its registration: call it right
   * after {@code OnCallRequests.register} succeeded (also on a journal replay). Never throws for a bad
   * or missing file; throws only when the database is unreachable.
   *
   * @param messageFile the {@code VM_MESSAGEFILE} value the registration carries ({@code message})
   * @param callId      the call's Asterisk unique id ({@code call})
   */
  public Claim claim(String messageFile, String callId) {
    Optional<SpoolMessage> found;
    try {
      found = spool.resolve(messageFile);
    } catch (MalformedMessageException e) {
      LOG.error("appel {} : le message {} ne peut pas être rattaché : {}", callId, messageFile, e.getMessage());
      return new Claim(ClaimOutcome.NOT_IN_SPOOL, Optional.empty());
    }
    if (found.isEmpty()) {
      LOG.warn("appel {} : le message {} n'est pas dans le spool {}", callId, messageFile, spool.inbox());
      return new Claim(ClaimOutcome.NOT_IN_SPOOL, Optional.empty());
    }
    Optional<SpoolMessage> stable = storeAudio(found.get());
    SpoolMessage m = stable.orElse(found.get());
    Instant now = clock.instant();
    ClaimOutcome outcome = database.transactionResult(tx -> {
      VoicemailMessageRecord row = lockRow(tx, m, now);
      if (callId != null && callId.equals(row.getCallId())) {
        return ClaimOutcome.ALREADY_CLAIMED;
      }
      if (callId != null && tx.fetchExists(VOICEMAIL_MESSAGE, VOICEMAIL_MESSAGE.CALL_ID.eq(callId))) {
        // The call's message was claimed before and the file now holds another one (renumbered).
        LOG.warn("appel {} : son message est déjà rattaché ; {} contient maintenant le message {}", callId, messageFile, m.msgId());
        return ClaimOutcome.ALREADY_CLAIMED;
      }
      Optional<Registration> reg = registrationOfCall(tx, callId, messageFile);
      if (reg.isEmpty()) {
        return ClaimOutcome.NOT_REGISTERED;
      }
      if (!recordedDuringCall(m.metadata(), reg.get())) {
        // A late claim (journal replay) after a renumbering: the file now holds an older or later message.
        // Left to the scan, which pages it as an orphan rather than hiding it behind this request.
        LOG.warn("appel {} : {} contient maintenant le message {} enregistré le {}, qui n'est pas celui de cet appel", callId, messageFile,
            m.msgId(), Timestamps.paris(m.metadata().recordedAt()));
        return ClaimOutcome.NOT_REGISTERED;
      }
      if (row.getCallId() != null) {
        // Another call already holds this msg_id: the message file was renumbered in between.
        LOG.warn("message {} déjà rattaché à l'appel {}, et non à l'appel {}", m.msgId(), row.getCallId(), callId);
        return ClaimOutcome.ALREADY_CLAIMED;
      }
      link(tx, m.msgId(), reg.get());
      return ClaimOutcome.CLAIMED;
    });
    LOG.info("appel {} : message {} : {}", callId, m.msgId(), outcome);
    return new Claim(outcome, Optional.of(m.msgId()));
  }

  /**
   * The message of a call refused after the fact (journalled during a database outage, found ineligible on
   * replay): stored and tied to its call like a claim, and marked as dealt with, so the scan does not page it
   * as an orphan. The customer was told why by SMS. Does nothing when the file is not in the spool.
   */
  public void setAside(String messageFile, String callId, String ticketNumber) {
    Optional<SpoolMessage> found;
    try {
      found = spool.resolve(messageFile);
    } catch (MalformedMessageException e) {
      return;
    }
    if (found.isEmpty()) {
      return;
    }
    SpoolMessage m = storeAudio(found.get()).orElse(found.get());
    Instant now = clock.instant();
    database.transaction(tx -> {
      VoicemailMessageRecord row = lockRow(tx, m, now);
      if (row.getCallId() == null && !tx.fetchExists(VOICEMAIL_MESSAGE, VOICEMAIL_MESSAGE.CALL_ID.eq(callId))) {
        tx.update(VOICEMAIL_MESSAGE).set(VOICEMAIL_MESSAGE.CALL_ID, callId)
            .set(VOICEMAIL_MESSAGE.TICKET_NUMBER, ticketNumber).set(VOICEMAIL_MESSAGE.PAGED, true)
            .where(VOICEMAIL_MESSAGE.MSG_ID.eq(m.msgId())).execute();
      }
    });
    LOG.info("appel {} : message {} mis de côté (demande {} refusée après la panne de la base de données)", callId, m.msgId(), ticketNumber);
  }

  /** The safety net: see the class comment. Safe to run concurrently from several instances. */
  public ScanReport scan() {
    Instant now = clock.instant();
    List<SpoolMessage> messages = spool.list();
    var handled = database.dsl().select(VOICEMAIL_MESSAGE.MSG_ID).from(VOICEMAIL_MESSAGE)
        .where(VOICEMAIL_MESSAGE.PAGED.isTrue())
        .and(VOICEMAIL_MESSAGE.MSG_ID.in(messages.stream().map(SpoolMessage::msgId).toList()))
        .fetchSet(VOICEMAIL_MESSAGE.MSG_ID);
    int linked = 0;
    int orphans = 0;
    int waiting = 0;
    Instant nextDue = null;
    for (SpoolMessage m : messages) {
      if (handled.contains(m.msgId())) {
        continue;
      }
      Instant due = m.metadata().endedAt().plus(settings.grace());
      if (now.isBefore(due)) {
        waiting++;
        nextDue = nextDue == null || due.isBefore(nextDue) ? due : nextDue;
        continue;
      }
      try {
        switch (settle(m, now)) {
          case LINKED -> linked++;
          case ORPHAN -> orphans++;
          case ALREADY -> { }
        }
      } catch (RuntimeException e) {
        // One message must not hide the others; it is tried again at the next scan.
        LOG.error("examen de la messagerie vocale : le message {} n'a pas pu être traité", m.msgId(), e);
      }
    }
    for (VoicemailSpool.BrokenMessage b : spool.listBroken()) {
      Instant due = b.modifiedAt().plus(settings.grace());
      if (now.isBefore(due)) {
        waiting++;
        nextDue = nextDue == null || due.isBefore(nextDue) ? due : nextDue;
        continue;
      }
      try {
        if (pageBroken(b, now)) {
          orphans++;
        }
      } catch (RuntimeException e) {
        LOG.error("examen de la messagerie vocale : le message illisible {} n'a pas pu être envoyé à l'astreinte", b.metadataFile(), e);
      }
    }
    ScanReport report = new ScanReport(messages.size(), linked, orphans, waiting, Optional.ofNullable(nextDue));
    if (linked + orphans > 0) {
      LOG.info("examen de la messagerie vocale {} : {}", spool.mailbox(), report.summary());
    }
    return report;
  }

  private enum Settled { LINKED, ORPHAN, ALREADY }

  private Settled settle(SpoolMessage found, Instant now) {
    SpoolMessage m = storeAudio(found).orElse(found);
    return database.transactionResult(tx -> {
      VoicemailMessageRecord row = lockRow(tx, m, now);
      if (Boolean.TRUE.equals(row.getPaged())) {
        return Settled.ALREADY;
      }
      Optional<Registration> reg = registrationOfFile(tx, m);
      if (reg.isPresent()) {
        link(tx, m.msgId(), reg.get());
        LOG.warn("message {} déclaré par l'appel {} mais jamais rattaché : rattaché par l'examen de la messagerie vocale", m.msgId(), reg.get().callId());
        return Settled.LINKED;
      }
      MessageMetadata meta = m.metadata();
      OutboxMessage.OrphanPage page = new OutboxMessage.OrphanPage(null, null, null, meta.caller().orElse(null),
          meta.callerName().isEmpty() ? null : meta.callerName(), row.getStoredPath(), null, null, meta.msgId(),
          spool.mailbox(), meta.recordedAt().toString(), meta.durationSeconds(), null, null);
      Outbox.enqueue(tx, page, ORPHAN_KEY_PREFIX + meta.msgId(), now);
      tx.update(VOICEMAIL_MESSAGE).set(VOICEMAIL_MESSAGE.PAGED, true)
          .where(VOICEMAIL_MESSAGE.MSG_ID.eq(meta.msgId())).execute();
      LOG.warn("message {} (appelant {}) laissé le {} sans demande : envoyé à l'astreinte comme orphelin", meta.msgId(),
          meta.caller().map(Phones::mask).orElse("anonyme"), Timestamps.paris(meta.recordedAt()));
      return Settled.ORPHAN;
    });
  }

  /**
   * A message whose metadata cannot be read still reaches the technician: paged as an orphan with what is
   * known (the error, the audio, when the file was written), keyed by the digest of its files, so
   * renumbering does not page it twice. No {@code voicemail_message} row: it has no msg_id.
   */
  private boolean pageBroken(VoicemailSpool.BrokenMessage b, Instant now) {
    String key = ORPHAN_BROKEN_KEY_PREFIX + b.digest();
    if (Outbox.exists(database.dsl(), key)) {
      return false;
    }
    String stored = null;
    if (b.audio().isPresent()) {
      // Stored under a msg_id-shaped name made from the digest, so the recording route can serve it.
      String id = "broken-" + b.digest().substring(0, 32);
      stored = store.store(id, b.audio().get()).toString();
    }
    OutboxMessage.OrphanPage page = new OutboxMessage.OrphanPage(null, null, null, null, null, stored, null, null, null,
        spool.mailbox(), b.modifiedAt().toString(), null, b.error(), null);
    boolean queued = database.transactionResult(tx -> Outbox.enqueue(tx, page, key, now));
    if (queued) {
      LOG.error("message vocal illisible {} envoyé à l'astreinte comme orphelin : {}", b.metadataFile(), b.error());
    }
    return queued;
  }

  /**
   * Told by the AMI link of MessageWaiting: for the on-call box, scans soon (debounced), and again when
   * the new message's grace period ends (see {@link #scan}'s follow-up).
   */
  public void messagesWaiting(String mailbox, int newMessages, int oldMessages) {
    if (mailbox == null || !mailbox.strip().equalsIgnoreCase(spool.mailbox())) {
      return;
    }
    ScheduledExecutorService ex = executor;
    if (ex == null) {
      scanQuietly();
      return;
    }
    if (scanQueued.compareAndSet(false, true)) {
      ex.schedule(() -> {
        scanQueued.set(false);
        scanQuietly();
      }, settings.debounce().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Runs the periodic scan and purge on {@code executor} (the caller owns it and shuts it down).
   * The first scan runs at once: messages left while the server was down are paged at start-up.
   */
  public void start(ScheduledExecutorService executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    executor.scheduleWithFixedDelay(this::scanQuietly, 0, settings.scanEvery().toMillis(), TimeUnit.MILLISECONDS);
    executor.scheduleWithFixedDelay(this::purgeQuietly, settings.purgeEvery().toMillis(),
        settings.purgeEvery().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Deletes recordings older than the retention (see {@link RecordingStore#purgeOlderThan}). */
  public RecordingStore.Purge purge() {
    return store.purgeOlderThan(settings.retention(), clock.instant());
  }

  private void scanQuietly() {
    try {
      ScanReport r = scan();
      r.nextDue().ifPresent(this::followUpAt);
    } catch (RuntimeException e) {
      LOG.error("échec de l'examen de la messagerie vocale {} : {}", spool.mailbox(), e.toString());
    }
  }

  private void purgeQuietly() {
    try {
      purge();
    } catch (RuntimeException e) {
      LOG.error("échec de la purge des enregistrements : {}", e.toString());
    }
  }

  /** One pending follow-up scan, at the earliest instant a waiting message becomes due. */
  private synchronized void followUpAt(Instant due) {
    ScheduledExecutorService ex = executor;
    if (ex == null || (followUp != null && !followUp.isDone() && !due.isBefore(followUpAt))) {
      return;
    }
    if (followUp != null) {
      followUp.cancel(false);
    }
    long delay = Math.max(0, Duration.between(clock.instant(), due).toMillis()) + 500;
    followUpAt = due;
    followUp = ex.schedule(this::scanQuietly, delay, TimeUnit.MILLISECONDS);
  }

  /**
   * Copies the audio into the store, then checks that the file still holds the same msg_id: were the
   * folder renumbered during the copy, it may be another message's audio, so it is found again by id.
   *
   * @return the message as it was when the copy was verified; empty when it vanished or has no audio
   */
  private Optional<SpoolMessage> storeAudio(SpoolMessage m) {
    SpoolMessage current = m;
    for (int attempt = 0; attempt < 3; attempt++) {
      if (current.audio().isEmpty()) {
        return Optional.of(current);
      }
      if (store.find(current.msgId()).isPresent()) {
        return Optional.of(current);
      }
      store.store(current.msgId(), current.audio().get());
      Optional<SpoolMessage> after = reread(current);
      if (after.isPresent() && after.get().msgId().equals(current.msgId())) {
        return Optional.of(current);
      }
      store.delete(current.msgId());
      Optional<SpoolMessage> moved = spool.find(current.msgId());
      if (moved.isEmpty()) {
        LOG.warn("le message {} a quitté le spool pendant sa copie", current.msgId());
        return Optional.empty();
      }
      current = moved.get();
    }
    LOG.warn("le message {} change sans cesse de place dans le spool ; copie laissée au prochain examen", m.msgId());
    return Optional.empty();
  }

  private Optional<SpoolMessage> reread(SpoolMessage m) {
    try {
      return spool.resolve(m.messageFile().toString());
    } catch (MalformedMessageException e) {
      return Optional.empty();
    }
  }

  /** Inserts the message's row if it is new, then locks it: one instance at a time settles a message. */
  private VoicemailMessageRecord lockRow(DSLContext tx, SpoolMessage m, Instant now) {
    MessageMetadata meta = m.metadata();
    String stored = store.find(meta.msgId()).map(Path::toString).orElse(null);
    tx.insertInto(VOICEMAIL_MESSAGE)
        .set(VOICEMAIL_MESSAGE.MSG_ID, meta.msgId())
        .set(VOICEMAIL_MESSAGE.MAILBOX, spool.mailbox())
        .set(VOICEMAIL_MESSAGE.MESSAGE_FILE, m.messageFile().toString())
        .set(VOICEMAIL_MESSAGE.RECORDED_AT, Timestamps.utc(meta.recordedAt()))
        .set(VOICEMAIL_MESSAGE.DURATION_SECONDS, meta.durationSeconds())
        .set(VOICEMAIL_MESSAGE.CALLER, meta.caller().orElse(null))
        .set(VOICEMAIL_MESSAGE.CALLER_NAME, meta.callerName().isEmpty() ? null : meta.callerName())
        .set(VOICEMAIL_MESSAGE.STORED_PATH, stored)
        .set(VOICEMAIL_MESSAGE.CREATED_AT, Timestamps.utc(now))
        .onConflict(VOICEMAIL_MESSAGE.MSG_ID).doNothing()
        .execute();
    VoicemailMessageRecord row = tx.selectFrom(VOICEMAIL_MESSAGE)
        .where(VOICEMAIL_MESSAGE.MSG_ID.eq(meta.msgId())).forUpdate().fetchSingle();
    if (row.getStoredPath() == null && stored != null && row.getPurgedAt() == null) {
      row.setStoredPath(stored);
      tx.update(VOICEMAIL_MESSAGE).set(VOICEMAIL_MESSAGE.STORED_PATH, stored)
          .where(VOICEMAIL_MESSAGE.MSG_ID.eq(meta.msgId())).execute();
    }
    return row;
  }

  /**
   * A registration as its outbox row tells it: the call, the request (0 for an unknown ticket), the ticket,
   * and when the call began (the row's time is the call's {@code receivedAt}).
   */
  private record Registration(String callId, long requestId, String ticket, Instant callAt) {}

  /** The message was recorded after its call began, and not long after. */
  private static boolean recordedDuringCall(MessageMetadata meta, Registration reg) {
    return !meta.recordedAt().isBefore(reg.callAt().minus(CLOCK_SKEW))
        && !meta.recordedAt().isAfter(reg.callAt().plus(CALL_BEFORE_MESSAGE));
  }

  private static final Field<String> MESSAGE = DSL.field("{0}->>'message'", String.class, OUTBOX.PAYLOAD);
  private static final Field<String> CALL = DSL.field("{0}->>'call'", String.class, OUTBOX.PAYLOAD);
  private static final Field<String> TICKET = DSL.field("{0}->>'ticket'", String.class, OUTBOX.PAYLOAD);
  private static final Field<Long> REQUEST = DSL.field("({0}->>'oncall_request')::bigint", Long.class, OUTBOX.PAYLOAD);
  /** Rows written by OnCallRequests.register: its page, or its orphan page for an unknown ticket. */
  private static final List<String> REGISTRATION_KINDS = OutboxMessage.Kind.codes(OutboxMessage.Kind.PAGE, OutboxMessage.Kind.ORPHAN_PAGE);

  private static Optional<Registration> registrationOfCall(DSLContext tx, String callId, String messageFile) {
    if (callId == null) {
      return Optional.empty();
    }
    return tx.select(CALL, REQUEST, TICKET, OUTBOX.CREATED_AT).from(OUTBOX)
        .where(OUTBOX.KIND.in(REGISTRATION_KINDS))
        .and(OUTBOX.IDEMPOTENCY_KEY.notLike(ORPHAN_KEY_PREFIX + "%"))
        .and(OUTBOX.IDEMPOTENCY_KEY.notLike(ORPHAN_BROKEN_KEY_PREFIX + "%"))
        .and(CALL.eq(callId)).and(MESSAGE.eq(messageFile))
        .orderBy(OUTBOX.ID).limit(1)
        .fetchOptional(r -> new Registration(r.value1(), r.value2() == null ? 0 : r.value2(), r.value3(),
            r.value4().toInstant()));
  }

  /**
   * The registration whose message file is where this message is now, made by a call around the time
   * it was recorded, and not yet linked to another message. The time window keeps a renumbered file
   * from being taken for an older registration's message: the mismatch is then paged as an orphan
   * (one page too many) rather than silently linked (a message nobody hears).
   */
  private Optional<Registration> registrationOfFile(DSLContext tx, SpoolMessage m) {
    String tail = tail(m.messageFile());
    Instant origtime = m.metadata().recordedAt();
    var claimedCalls = DSL.select(VOICEMAIL_MESSAGE.CALL_ID).from(VOICEMAIL_MESSAGE).where(VOICEMAIL_MESSAGE.CALL_ID.isNotNull());
    return tx.select(CALL, REQUEST, TICKET, MESSAGE, OUTBOX.CREATED_AT).from(OUTBOX)
        .where(OUTBOX.KIND.in(REGISTRATION_KINDS))
        .and(OUTBOX.IDEMPOTENCY_KEY.notLike(ORPHAN_KEY_PREFIX + "%"))
        .and(OUTBOX.IDEMPOTENCY_KEY.notLike(ORPHAN_BROKEN_KEY_PREFIX + "%"))
        .and(MESSAGE.like("%" + tail))
        .and(OUTBOX.CREATED_AT.between(Timestamps.utc(origtime.minus(CALL_BEFORE_MESSAGE)),
            Timestamps.utc(m.metadata().endedAt().plus(CLOCK_SKEW))))
        .and(CALL.isNotNull()).and(CALL.notIn(claimedCalls))
        .orderBy(OUTBOX.CREATED_AT.desc(), OUTBOX.ID.desc())
        .fetch()
        .stream()
        .filter(r -> tail(Path.of(r.value4())).equals(tail))
        .findFirst()
        .map(r -> new Registration(r.value1(), r.value2() == null ? 0 : r.value2(), r.value3(), r.value5().toInstant()));
  }

  private static void link(DSLContext tx, String msgId, Registration reg) {
    tx.update(VOICEMAIL_MESSAGE)
        .set(VOICEMAIL_MESSAGE.CALL_ID, reg.callId())
        .set(VOICEMAIL_MESSAGE.ONCALL_REQUEST_ID, reg.requestId() > 0 ? reg.requestId() : null)
        .set(VOICEMAIL_MESSAGE.TICKET_NUMBER, reg.ticket())
        // The registration's own page covers the message.
        .set(VOICEMAIL_MESSAGE.PAGED, true)
        .where(VOICEMAIL_MESSAGE.MSG_ID.eq(msgId))
        .execute();
  }

  /** {@code <context>/<box>/INBOX/msgNNNN}: the part of a message path both hosts agree on. */
  private static String tail(Path p) {
    int n = p.getNameCount();
    return n < 4 ? p.toString() : p.subpath(n - 4, n).toString();
  }
}
