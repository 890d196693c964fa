package com.serveurcom.astreinte.outbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the outbox carries to the outside world, one record per kind. The records are the
 * payloads: {@link OutboxCodec} is their one codec (JSON with a version written in the row), and
 * the paging engine dispatches on the record type, so a new kind is a new record here and a
 * handler there, checked by the compiler.
 */
public sealed interface OutboxMessage {

  /** The kind written in {@code outbox.kind}: what claims and dispatch select on. */
  Kind kind();

  /** The codes of {@code outbox.kind}, one per record. */
  enum Kind {
    PAGE("page", Page.class),
    ORPHAN_PAGE("page_orphan", OrphanPage.class),
    PAGE_FOLLOW_UP("page_followup", PageFollowUp.class),
    CUSTOMER_SMS("customer_sms", CustomerSms.class),
    ESCALATION_NOTICE("escalation", EscalationNotice.class),
    DEADLINE_WARNING("deadline_warning", DeadlineWarning.class),
    EMAIL("email", Email.class),
    PERSON_PAGE("page_person", PersonPage.class),
    CUSTOMER_CALL("customer_call", CustomerCall.class);

    private final String code;
    private final Class<? extends OutboxMessage> type;

    Kind(String code, Class<? extends OutboxMessage> type) {
      this.code = code;
      this.type = type;
    }

    public String code() {
      return code;
    }

    Class<? extends OutboxMessage> type() {
      return type;
    }

    public static java.util.Optional<Kind> fromCode(String code) {
      for (Kind k : values()) {
        if (k.code.equals(code)) {
          return java.util.Optional.of(k);
        }
      }
      return java.util.Optional.empty();
    }

    /** Codes of several kinds, for a worker's claim. */
    public static List<String> codes(Kind... kinds) {
      return java.util.Arrays.stream(kinds).map(Kind::code).toList();
    }
  }

  /**
   * Page the on-call technician about a registered message (written by the registration function
   * of migration V6, whose {@code jsonb_build_object} has these fields; V9 adds {@code previous_callback}
   * when a new message changed the call-back number, so the technician reads both).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Page(long oncallRequest, String ticket, String callback, String caller, String message, String call,
      boolean addedMessage, String previousCallback) implements OutboxMessage {
    public Page {
      Objects.requireNonNull(ticket, "ticket");
    }

    public Page(long oncallRequest, String ticket, String callback, String caller, String message, String call,
        boolean addedMessage) {
      this(oncallRequest, ticket, callback, caller, message, call, addedMessage, null);
    }

    @Override
    public Kind kind() {
      return Kind.PAGE;
    }
  }

  /**
   * Page a message that no request claims: from a call on an unknown ticket (the registration
   * function: ticket, callback, call) or from the voicemail spool's safety net (msg_id, mailbox,
   * recorded_at, duration, and error when the message could not be read). Fields the source does not
   * know are null. {@code ref} is the reference a technician answers with: the database gives it when
   * the row is inserted (trigger of migration V9), so a message queued by the writer has none.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record OrphanPage(Long oncallRequest, String ticket, String callback, String caller, String calleridName,
      String message, String call, Boolean addedMessage, String msgId, String mailbox, String recordedAt,
      Integer duration, String error, String ref) implements OutboxMessage {
    @Override
    public Kind kind() {
      return Kind.ORPHAN_PAGE;
    }
  }

  /** Step {@code step} of a request's page chain, or its breach when the window ends unanswered. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PageFollowUp(long oncallRequest, String ticket, Integer step, Boolean breach) implements OutboxMessage {
    public PageFollowUp {
      if ((step == null) == (breach == null || !breach)) {
        throw new IllegalArgumentException("a follow-up is either a step or the breach");
      }
    }

    public static PageFollowUp step(long request, String ticket, int step) {
      return new PageFollowUp(request, ticket, step, null);
    }

    public static PageFollowUp breach(long request, String ticket) {
      return new PageFollowUp(request, ticket, null, true);
    }

    public boolean endsChain() {
      return breach != null && breach;
    }

    @Override
    public Kind kind() {
      return Kind.PAGE_FOLLOW_UP;
    }
  }

  /**
   * The person-level step of paging (issue 13): one grouped SMS, or one call, to one person on one
   * channel ({@code sms} or {@code voice}), covering every request waiting for them ({@code page_wait}
   * rows) when the row is delivered. Written by a request's page chain when its own send to that person
   * may not go out at once (another request waits for them, a call to them is under way, or a rate limit
   * is reached), in the chain's transaction.
   */
  record PersonPage(String person, String name, String phone, String role, String channel) implements OutboxMessage {
    public PersonPage {
      Objects.requireNonNull(person, "person");
      Objects.requireNonNull(phone, "phone");
      if (!"sms".equals(channel) && !"voice".equals(channel)) {
        throw new IllegalArgumentException("a person page is an sms or a voice call, not " + channel);
      }
    }

    @Override
    public Kind kind() {
      return Kind.PERSON_PAGE;
    }
  }

  /**
   * An SMS to the customer's call-back number about their request. {@code oncallRequest} is null for the
   * refusal of a call replayed after an outage (no request was ever made for it).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CustomerSms(Long oncallRequest, String ticket, String to, String body) implements OutboxMessage {
    public CustomerSms {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(body, "body");
    }

    @Override
    public Kind kind() {
      return Kind.CUSTOMER_SMS;
    }
  }

  /**
   * The technician who took charge asks, from their page, to be put through to the customer: the PBX
   * calls the technician, then the customer, with the support number as caller ID (issue 15).
   *
   * @param technician the rota's id of the technician who asked (their mobile is the rota's)
   */
  record CustomerCall(long oncallRequest, String ticket, String technician) implements OutboxMessage {
    public CustomerCall {
      Objects.requireNonNull(ticket, "ticket");
      Objects.requireNonNull(technician, "technician");
    }

    /**
     * The outbox key of the {@code n}th call asked for this request. It starts as a page's key does
     * ({@code page:<ticket>:}): the PBX pager reads the request number there.
     */
    public static String key(String ticket, long oncallRequest, int n) {
      return keyPrefix(ticket, oncallRequest) + n;
    }

    /** What the keys of every call asked for this request start with. */
    public static String keyPrefix(String ticket, long oncallRequest) {
      return "page:" + ticket + ":" + oncallRequest + ":rappel-client:";
    }

    @Override
    public Kind kind() {
      return Kind.CUSTOMER_CALL;
    }
  }

  /** A manager of the escalation matrix is told a deadline is overrun. */
  record EscalationNotice(String ticket, String priority, String account, String subject, String deadline,
      Instant due, int level, Instant levelDueAt, long overrunS, List<Integer> skippedLevels, boolean sms,
      boolean voice, List<Contact> contacts) implements OutboxMessage {
    public EscalationNotice {
      skippedLevels = List.copyOf(skippedLevels);
      contacts = List.copyOf(contacts);
    }

    @Override
    public Kind kind() {
      return Kind.ESCALATION_NOTICE;
    }
  }

  /** A contact of an escalation level. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Contact(String name, String phone, String email) {}

  /** A ticket's deadline is near: its assignee, or the on-call technician, is warned. */
  record DeadlineWarning(String ticket, String priority, String account, String subject, String deadline,
      Instant due, String to, String assignee) implements OutboxMessage {
    @Override
    public Kind kind() {
      return Kind.DEADLINE_WARNING;
    }
  }

  /**
   * An e-mail to one person (issue 14): a manager of an escalation level, a ticket's customer contact.
   * Like every send it is a row written in the transaction that causes it; its subject and body are
   * rendered at send time from the administrators' template {@code template} (a {@link Email.Template}
   * code) filled with {@code facts}, so an edited text applies to the next e-mail. The outbox key of the
   * row gives the e-mail's {@code Message-ID}: the same at every attempt.
   *
   * @param facts what the template says, by name (raw values: codes, ISO instants, seconds)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Email(String template, String to, String toName, String ticket, Long oncallRequest,
      java.util.Map<String, String> facts) implements OutboxMessage {
    public Email {
      Objects.requireNonNull(template, "template");
      Objects.requireNonNull(to, "to");
      java.util.TreeMap<String, String> kept = new java.util.TreeMap<>();
      if (facts != null) {
        facts.forEach((k, v) -> {
          if (k != null && v != null) {
            kept.put(k, v);
          }
        });
      }
      facts = java.util.Collections.unmodifiableMap(kept);
    }

    /** The e-mails there are, by the template code written in the payload. */
    public enum Template {
      ESCALATION("escalade"),
      DEADLINE_WARNING("echeance"),
      CUSTOMER_REGISTERED("client-enregistree"),
      CUSTOMER_TAKEN("client-prise-en-charge"),
      CUSTOMER_DECLINED("client-refus");

      private final String code;

      Template(String code) {
        this.code = code;
      }

      public String code() {
        return code;
      }

      public static java.util.Optional<Template> fromCode(String code) {
        return java.util.Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
      }
    }

    public Email(Template template, String to, String toName, String ticket, Long oncallRequest,
        java.util.Map<String, String> facts) {
      this(template.code(), to, toName, ticket, oncallRequest, facts);
    }

    /** The outbox key of the e-mail {@code cause} (an outbox key itself, or an event) sends to {@code to}. */
    public static String key(String cause, String to) {
      return "email:" + cause + ":" + to.strip().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Kind kind() {
      return Kind.EMAIL;
    }
  }
}
