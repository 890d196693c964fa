package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.config.MessageTexts.Text.*;

import com.serveurcom.astreinte.config.MessageTexts;
import com.serveurcom.astreinte.ticket.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What technicians, managers and customers read and hear from the pager, put together from the
 * administrators' texts ({@code config/messages.yaml}, {@link MessageTexts}): this class only decides
 * which pieces apply. The engine asks for the texts in force at each send, so an edit of the file
 * takes effect at the next page.
 */
public final class PagingTexts {
  private final MessageTexts texts;

  public PagingTexts(MessageTexts texts) {
    this.texts = Objects.requireNonNull(texts, "texts");
  }

  /** The administrators' texts these are made of (the e-mails' templates are there too). */
  MessageTexts messages() {
    return texts;
  }

  /**
   * A page's SMS.
   *
   * @param step             the follow-up's number, null for a first page
   * @param addedMessage     the page of a new message on a request already paged
   * @param role             why this person is paged
   * @param previousCallback the call-back number before a new message changed it (else null): both are said
   * @param messageSeconds   the stored message's length, null when not stored yet
   */
  String page(Integer step, boolean addedMessage, Recipient.Role role, String request, Priority priority,
      String account, String callback, String previousCallback, Integer messageSeconds) {
    List<String> reasons = new ArrayList<>(2);
    if (step != null) {
      reasons.add(texts.render(PAGE_REASON_STEP, "etape", step));
    } else if (addedMessage) {
      reasons.add(texts.text(PAGE_REASON_NEW_MESSAGE));
    }
    if (role == Recipient.Role.BACKUP) {
      reasons.add(texts.text(PAGE_REASON_BACKUP));
    } else if (role == Recipient.Role.LAST_RESORT) {
      reasons.add(texts.text(PAGE_REASON_LAST_RESORT));
    }
    return texts.render(PAGE_SMS,
        "motif", reasons.isEmpty() ? null : texts.render(PAGE_REASON, "motifs", String.join(", ", reasons)),
        "demande", request,
        "priorite", priority == null ? null : texts.render(PAGE_PRIORITY, "priorite", priority(priority)),
        "client", account == null ? null : texts.render(PAGE_ACCOUNT, "client", account),
        "rappel", callback,
        "changement-rappel", previousCallback == null || previousCallback.equals(callback) ? null
            : texts.render(PAGE_CALLBACK_CHANGED, "ancien-rappel", previousCallback),
        "duree", duration(messageSeconds));
  }

  /** A priority as it follows « priorité » (« élevée »). */
  public String priority(Priority p) {
    return texts.text(switch (p) {
      case LOW -> PRIORITY_LOW;
      case MEDIUM -> PRIORITY_MEDIUM;
      case HIGH -> PRIORITY_HIGH;
    });
  }

  /** An account name is free text from the customer base: bounded so a voice page stays under the providers' limits. */
  public static final int MAX_SPOKEN_ACCOUNT = 120;

  /** What a voice page says before the customer's message: numbers said digit by digit. */
  public String voicePage(PageSummary s) {
    String account = s.accountName().strip().replaceAll("\\s+", " ");
    if (account.length() > MAX_SPOKEN_ACCOUNT) {
      account = account.substring(0, MAX_SPOKEN_ACCOUNT);
    }
    return texts.render(VOICE_PAGE, "demande", digits(s.requestNumber()), "priorite", priority(s.priority()),
        "client", account, "rappel", Phones.spoken(s.callbackNumber()));
  }

  /** The keypad menu of a voice page (1 take charge and connect, 2 decline, 3 hear again). */
  public String voiceMenu() {
    return texts.text(VOICE_MENU);
  }

  /** Said when the menu got no keypress, before hanging up. */
  public String voiceNoAnswer() {
    return texts.text(VOICE_NO_ANSWER);
  }

  public String voiceTaken() {
    return texts.text(VOICE_TAKEN);
  }

  public String voiceDeclined() {
    return texts.text(VOICE_DECLINED);
  }

  /** The answer a technician reads (SMS) or hears (call) after replying to a page. */
  public String reply(MessageTexts.Text which, String requestNumber) {
    return texts.render(which, "demande", requestNumber);
  }

  public String replyTaken(String requestNumber, String customerPhone) {
    return texts.render(REPLY_TAKEN, "demande", requestNumber)
        + (customerPhone == null ? "" : texts.render(REPLY_CALL_CUSTOMER, "rappel", customerPhone));
  }

  public String text(MessageTexts.Text which) {
    return texts.text(which);
  }

  public String voiceNotUnderstood() {
    return texts.text(VOICE_NOT_UNDERSTOOD);
  }

  /** The account of a ticket whose account is not known, said in a voice page. */
  /**
   * Requests a grouped SMS lists by number at most: past it, « et N autres » (Twilio refuses a text over
   * 1 600 characters, and a technician reads ten numbers, not two hundred; {@code OK TOUT} takes them all).
   */
  static final int GROUP_SMS_LISTED = 10;

  /**
   * The one SMS that lists the requests waiting for a person (issue 13), with their priorities.
   *
   * @param requests the request numbers and their priority (null when unknown), in the order they waited
   */
  String grouped(Recipient.Role role, java.util.LinkedHashMap<String, Priority> requests) {
    List<String> items = new ArrayList<>(Math.min(requests.size(), GROUP_SMS_LISTED));
    requests.entrySet().stream().limit(GROUP_SMS_LISTED).forEach(e -> items.add(texts.render(GROUP_SMS_REQUEST,
        "demande", e.getKey(), "priorite", e.getValue() == null ? null
            : texts.render(GROUP_PRIORITY, "priorite", priority(e.getValue())))));
    if (requests.size() > GROUP_SMS_LISTED) {
      items.set(items.size() - 1, items.get(items.size() - 1)
          + texts.render(GROUP_SMS_MORE, "nombre", requests.size() - GROUP_SMS_LISTED));
    }
    String reason = role == Recipient.Role.BACKUP ? texts.text(PAGE_REASON_BACKUP)
        : role == Recipient.Role.LAST_RESORT ? texts.text(PAGE_REASON_LAST_RESORT) : null;
    return texts.render(GROUP_SMS, "nombre", requests.size(), "demandes", String.join(", ", items),
        "motif", reason == null ? null : texts.render(PAGE_REASON, "motifs", reason));
  }

  /** Said first in a call that covers several requests: « il y a 3 demandes en attente ». */
  public String groupedCallIntro(int requests) {
    return texts.render(GROUP_VOICE, "nombre", requests);
  }

  /** The keys of one request in a call that covers several: 1 take charge, 2 decline, 3 next. */
  public String groupedCallMenu() {
    return texts.text(GROUP_VOICE_MENU);
  }

  public String groupedCallNext() {
    return texts.text(GROUP_VOICE_NEXT);
  }

  public String groupedCallEnd() {
    return texts.text(GROUP_VOICE_END);
  }

  /** The answer to {@code OK a b} or {@code OK TOUT}: the requests taken, then one line per other answer. */
  public String replyTakenMany(List<String> taken) {
    return texts.render(REPLY_TAKEN_MANY, "demandes", String.join(", ", taken));
  }

  public String replyNothingWaiting() {
    return texts.text(REPLY_NOTHING_WAITING);
  }

  String unknownAccount() {
    return texts.text(VOICE_UNKNOWN_ACCOUNT);
  }

  /** A voice page that cannot offer to call back (no dialable number): it points to the SMS. */
  String voiceWithoutCallback(String request) {
    return texts.render(VOICE_WITHOUT_CALLBACK, "demande", digits(request));
  }

  /** Said by the fallback provider when the PBX could not call the technician to put them through. */
  String voicePutThroughFailed(String request, String callback) {
    String national = callback.startsWith("+33") ? "0" + callback.substring(3) : callback;
    return texts.render(VOICE_PUT_THROUGH_FAILED, "demande", digits(request), "rappel", digits(national));
  }

  /**
   * A message no request claims, named by its reference: the technician answers with it.
   *
   * @param keyedRequest the request number the caller keyed, unknown here (null when none)
   * @param caller       the caller's number as it was left (null when none)
   * @param link         the recording's address (null when none)
   */
  String orphan(String ref, String keyedRequest, String caller, Integer messageSeconds, String link) {
    return texts.render(ORPHAN_SMS, "reference", ref,
        "demande-indiquee", keyedRequest == null ? null : texts.render(ORPHAN_KEYED_REQUEST, "demande", keyedRequest),
        "appelant", caller == null ? texts.text(ORPHAN_CALLER_UNKNOWN) : texts.render(ORPHAN_CALLER, "appelant", caller),
        "duree", duration(messageSeconds),
        "lien", link == null ? null : texts.render(ORPHAN_LINK, "lien", link));
  }

  /** @param refSpoken and {@code callerSpoken} digit by digit; callerSpoken empty when unknown */
  String orphanSpoken(String refSpoken, String callerSpoken) {
    return texts.render(ORPHAN_VOICE, "reference", refSpoken, "appelant", callerSpoken.isEmpty()
        ? texts.text(ORPHAN_CALLER_UNKNOWN) : texts.render(ORPHAN_VOICE_CALLER, "appelant", callerSpoken));
  }

  String customerTaken(String request) {
    return texts.render(CUSTOMER_TAKEN, "demande", request);
  }

  /** @param resume when the support opens again, if known: said with the date, in Paris time */
  String customerDeclined(String request, java.util.Optional<java.time.Instant> resume) {
    return texts.render(CUSTOMER_DECLINED, "demande", request, "reprise",
        resume.map(at -> texts.render(CUSTOMER_DECLINED_RESUME, "quand", SMS_DATE.format(at))).orElse(""));
  }

  /** « lundi 30 novembre à 08:30 »: a date in an SMS, Paris time. */
  private static final java.time.format.DateTimeFormatter SMS_DATE = java.time.format.DateTimeFormatter
      .ofPattern("EEEE d MMMM 'à' HH:mm", java.util.Locale.FRENCH).withZone(com.serveurcom.astreinte.calendar.ParisTime.ZONE);

  String escalation(String ticket, int level) {
    return texts.render(ESCALATION, "niveau", level, "demande", ticket == null ? "?" : ticket);
  }

  /** The deadline arrives as its code (take_charge, resolve): a technician reads its French name. */
  String deadlineWarning(String ticket, String deadline) {
    String request = ticket == null ? "?" : ticket;
    if ("take_charge".equals(deadline)) {
      return texts.render(DEADLINE_TAKE_CHARGE, "demande", request);
    }
    if ("resolve".equals(deadline)) {
      return texts.render(DEADLINE_RESOLVE, "demande", request);
    }
    return texts.render(DEADLINE_OTHER, "demande", request,
        "precision", deadline == null ? null : texts.render(DEADLINE_DETAIL, "echeance", deadline));
  }

  String alarmOutboxLate(long minutes) {
    return texts.render(ALARM_OUTBOX_LATE, "minutes", minutes);
  }

  String alarmSmsFailing() {
    return texts.text(ALARM_SMS_FAILING);
  }

  String alarmVoiceFailing() {
    return texts.text(ALARM_VOICE_FAILING);
  }

  String alarmAmiDown(long minutes) {
    return texts.render(ALARM_AMI_DOWN, "minutes", minutes);
  }

  String alarmDatabaseDown(long minutes, int messagesWaiting) {
    String journal = messagesWaiting <= 0 ? texts.text(ALARM_JOURNAL_EMPTY)
        : messagesWaiting == 1 ? texts.text(ALARM_JOURNAL_ONE)
        : texts.render(ALARM_JOURNAL_MANY, "messages", messagesWaiting);
    return texts.render(ALARM_DATABASE_DOWN, "minutes", minutes, "journal", journal);
  }

  private String duration(Integer seconds) {
    return seconds == null ? null : texts.render(MESSAGE_LENGTH, "secondes", seconds);
  }

  /** Digits spaced out so that the French voice says them one by one. */
  static String digits(String number) {
    return String.join(" ", number.split(""));
  }
}
