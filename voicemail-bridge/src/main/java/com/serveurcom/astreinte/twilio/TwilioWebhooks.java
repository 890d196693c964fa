package com.serveurcom.astreinte.twilio;

import com.serveurcom.astreinte.config.MessageTexts.Text;
import com.serveurcom.astreinte.paging.PageContext;

import com.serveurcom.astreinte.paging.PageAcknowledgements;

import com.serveurcom.astreinte.paging.DeliveryStatus;

import com.serveurcom.astreinte.paging.Channel;

import com.serveurcom.astreinte.paging.Ack;

import com.serveurcom.astreinte.paging.Phones;

import com.twilio.security.RequestValidator;
import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.messaging.Message;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three Twilio webhooks of paging, as plain functions of {@link WebhookRequest}: the HTTP layer
 * (ivr-server) routes {@value #SMS_PATH}, {@value #GATHER_PATH} and {@value #STATUS_PATH} here.
 *
 * <p>Every request must carry a valid {@code X-Twilio-Signature} for the exact public URL: these URLs are
 * on the internet and a forged "1" would close an on-call request nobody took. Without an auth token
 * configured nothing can be checked, so everything is refused.
 */
public final class TwilioWebhooks {
  public static final String SMS_PATH = "/twilio/sms";
  public static final String GATHER_PATH = "/twilio/voice/gather";
  public static final String STATUS_PATH = "/twilio/status";

  private static final Logger LOG = LoggerFactory.getLogger(TwilioWebhooks.class);

  private final RequestValidator validator;
  private final PageAcknowledgements acks;
  private final PageTwiml twiml;
  private final HelpReplies helpReplies;

  /** @param authToken Twilio's auth token; empty means every webhook is refused (403) */
  public TwilioWebhooks(Optional<String> authToken, PageAcknowledgements acks, PageTwiml twiml) {
    this(authToken, acks, twiml, HelpReplies.defaults(java.time.Clock.systemUTC()));
  }

  /** @param helpReplies how many help texts a sender of SMS we do not understand may get */
  public TwilioWebhooks(Optional<String> authToken, PageAcknowledgements acks, PageTwiml twiml,
      HelpReplies helpReplies) {
    this.validator = authToken.filter(t -> !t.isBlank()).map(RequestValidator::new).orElse(null);
    this.acks = Objects.requireNonNull(acks, "acks");
    this.twiml = Objects.requireNonNull(twiml, "twiml");
    this.helpReplies = Objects.requireNonNull(helpReplies, "helpReplies");
  }

  public static TwilioWebhooks create(Optional<TwilioSettings> settings, PageAcknowledgements acks, PageTwiml twiml) {
    return new TwilioWebhooks(settings.map(TwilioSettings::authToken), acks, twiml);
  }

  public static TwilioWebhooks create(Optional<TwilioSettings> settings, PageAcknowledgements acks, PageTwiml twiml,
      java.time.Clock clock) {
    return new TwilioWebhooks(settings.map(TwilioSettings::authToken), acks, twiml, HelpReplies.defaults(clock));
  }

  /**
   * False without an auth token: every webhook is then refused, so the HTTP layer answers 403 before
   * even looking at the body (nothing about a request is told to an unauthenticated caller).
   */
  public boolean acceptsRequests() {
    return validator != null;
  }

  /** The {@code Gather} action of a page: Twilio posts the key pressed there. */
  public static URI gatherUrl(TwilioSettings settings, String requestNumber) {
    if (!requestNumber.matches("\\d{1,20}")) {
      throw new IllegalArgumentException("request number must be digits: " + requestNumber);
    }
    return settings.publicUrl(GATHER_PATH + "?request=" + requestNumber);
  }

  /** Status callback of SMS and calls. */
  public static URI statusUrl(TwilioSettings settings) {
    return settings.publicUrl(STATUS_PATH);
  }

  /** Inbound SMS: a technician answering a page. */
  public WebhookResponse sms(WebhookRequest request) {
    if (!authentic(request, SMS_PATH)) {
      return WebhookResponse.forbidden();
    }
    String from = request.param("From");
    if (from == null || from.isBlank()) {
      return WebhookResponse.badRequest("From is required");
    }
    SmsReply reply = SmsReply.parse(request.param("Body"));
    String text;
    try {
      if (reply instanceof SmsReply.TakeCharge t) {
        Ack ack = acks.takeCharge(t.requestNumber(), from, Channel.SMS);
        LOG.info("prise en charge par SMS de la demande {} par le {} : {}", t.requestNumber(), Phones.mask(from), ack.outcome());
        text = ack.outcome() == Ack.Outcome.ACCEPTED
            ? twiml.texts().replyTaken(t.requestNumber(), ack.customerPhone())
            : refusal(ack, ack.requestNumber());
      } else if (reply instanceof SmsReply.TakeChargeSeveral several) {
        text = takeChargeOfSeveral(several.requestNumbers(), from);
      } else if (reply instanceof SmsReply.TakeChargeAll) {
        List<String> waiting = acks.waitingFor(from);
        LOG.info("SMS OK TOUT de {} : {} demande(s) ouverte(s)", Phones.mask(from), waiting.size());
        text = waiting.isEmpty() ? twiml.texts().replyNothingWaiting() : takeChargeOfSeveral(waiting, from);
      } else if (reply instanceof SmsReply.Decline d) {
        Ack ack = acks.decline(d.requestNumber(), from, Channel.SMS);
        LOG.info("refus par SMS de la demande {} par le {} : {}", d.requestNumber(), Phones.mask(from), ack.outcome());
        text = ack.outcome() == Ack.Outcome.ACCEPTED
            ? twiml.texts().reply(Text.REPLY_DECLINED, d.requestNumber())
            : refusal(ack, ack.requestNumber());
      } else if (helpReplies.allow(from)) {
        LOG.info("SMS du {} non compris", Phones.mask(from));
        text = twiml.texts().text(Text.REPLY_NOT_UNDERSTOOD);
      } else {
        // An auto-responder answering our help text would get another one, without end: past a few, silence.
        LOG.warn("SMS du {} non compris, limite des textes d'aide atteinte : pas de réponse", Phones.mask(from));
        return WebhookResponse.twiml(new MessagingResponse.Builder().build().toXml());
      }
    } catch (RuntimeException e) {
      LOG.error("réponse par SMS du {} : enregistrement impossible", Phones.mask(from), e);
      text = twiml.texts().text(Text.REPLY_ERROR);
    }
    return WebhookResponse.twiml(new MessagingResponse.Builder()
        .message(new Message.Builder(text).build()).build().toXml());
  }

  /** The key a technician pressed during a voice page. */
  public WebhookResponse gather(WebhookRequest request) {
    if (!authentic(request, GATHER_PATH)) {
      return WebhookResponse.forbidden();
    }
    // The gather URL itself is the action of every menu we send again: same request, same signature scheme.
    URI self = URI.create(request.fullUrl());
    String requestNumber = request.query().get("request");
    if (requestNumber == null || !requestNumber.matches("\\d{1,20}")) {
      return WebhookResponse.twiml(twiml.sayAndHangup(twiml.texts().text(Text.VOICE_UNKNOWN_REQUEST)));
    }
    // Outbound page: Twilio's "To" is the technician; were the technician to call in, it would be "From".
    String technician = "inbound".equals(request.param("Direction")) ? request.param("From") : request.param("To");
    String digits = Optional.ofNullable(request.param("Digits")).orElse("").strip();
    String following = request.query().get("suivantes");
    if (following != null && !following.matches("(\\d{1,20}(,\\d{1,20})*)?")) {
      return WebhookResponse.twiml(twiml.sayAndHangup(twiml.texts().text(Text.VOICE_UNKNOWN_REQUEST)));
    }
    List<String> rest = following == null || following.isEmpty() ? List.of() : List.of(following.split(","));
    URI base = URI.create(self.getScheme() + "://" + self.getRawAuthority()
        + self.getRawPath().substring(0, self.getRawPath().length() - GATHER_PATH.length()));
    if (following != null && "1".equals(request.query().get("presenter"))) {
      return present(base, requestNumber, rest);
    }
    if ((digits.equals("1") || digits.equals("2")) && (technician == null || technician.isBlank())) {
      // Without the technician's number the engine cannot tell who acts: nothing is recorded.
      return WebhookResponse.badRequest("To is required");
    }
    try {
      return following == null ? pageKey(self, requestNumber, technician, digits)
          : coverKey(self, base, requestNumber, rest, technician, digits);
    } catch (RuntimeException e) {
      LOG.error("touche {} pour la demande {} : enregistrement impossible", digits, requestNumber, e);
      return WebhookResponse.twiml(twiml.sayAndHangup(twiml.texts().text(Text.REPLY_ERROR)));
    }
  }

  /** A key of a page about one request: 1 take charge (and be put through), 2 decline, 3 hear again. */
  private WebhookResponse pageKey(URI self, String requestNumber, String technician, String digits) {
    switch (digits) {
      case "1": {
        Ack ack = byVoice(true, requestNumber, technician, "");
        if (ack.outcome() != Ack.Outcome.ACCEPTED) {
          return WebhookResponse.twiml(twiml.sayAndHangup(refusal(ack, PageTwiml.digits(requestNumber)) + " " + goodbye()));
        }
        if (ack.customerPhone() == null || !Phones.isE164(ack.customerPhone())) {
          return WebhookResponse.twiml(twiml.sayAndHangup(
              twiml.texts().text(Text.VOICE_TAKEN_WITHOUT_CALLBACK) + " " + goodbye()));
        }
        return WebhookResponse.twiml(twiml.takenAndConnect(ack.customerPhone()));
      }
      case "2": {
        Ack ack = byVoice(false, requestNumber, technician, "");
        return WebhookResponse.twiml(ack.outcome() == Ack.Outcome.ACCEPTED
            ? twiml.declined() : twiml.sayAndHangup(refusal(ack, PageTwiml.digits(requestNumber)) + " " + goodbye()));
      }
      case "3": {
        Optional<PageContext> page = acks.pageContext(requestNumber);
        return WebhookResponse.twiml(page
            .map(p -> twiml.page(p.summary(), p.recordingUrl(), self))
            .orElseGet(() -> twiml.sayAndHangup(twiml.texts().text(Text.VOICE_NO_LONGER_WAITING) + " " + goodbye())));
      }
      default:
        return WebhookResponse.twiml(twiml.reAsk(self));
    }
  }

  /** A take-charge ({@code take}) or decline by voice, logged; {@code how} says which kind of call. */
  private Ack byVoice(boolean take, String requestNumber, String technician, String how) {
    Ack ack = take ? acks.takeCharge(requestNumber, technician, Channel.VOICE)
        : acks.decline(requestNumber, technician, Channel.VOICE);
    LOG.info("{} par appel vocal{} de la demande {} par le {} : {}", take ? "prise en charge" : "refus", how,
        requestNumber, Phones.mask(technician), ack.outcome());
    return ack;
  }

  /**
   * The gather URL of one request in a call covering several (issue 13): {@code suivantes} lists the
   * requests still to present, {@code presenter=1} asks for this request's page (after the previous one
   * was handled), else the posted key acts on it.
   */
  public static URI coverAction(URI publicBase, String requestNumber, List<String> following, boolean present) {
    return URI.create(publicBase + GATHER_PATH + "?request=" + requestNumber + "&suivantes=" + String.join(",", following)
        + (present ? "&presenter=1" : ""));
  }

  /** A covered request's page, presented only while it is still open; else straight on to the next one. */
  private WebhookResponse present(URI base, String requestNumber, List<String> following) {
    Optional<PageContext> page = acks.pageContext(requestNumber);
    if (page.isPresent()) {
      return WebhookResponse.twiml(twiml.coverPage(twiml.texts().groupedCallNext(), page.get().summary(),
          page.get().recordingUrl(), coverAction(base, requestNumber, following, false)));
    }
    return next(base, following, null);
  }

  /** A key in a call covering several requests: 1 take charge, 2 decline, 3 next; each then moves on. */
  private WebhookResponse coverKey(URI self, URI base, String requestNumber, List<String> following,
      String technician, String digits) {
    switch (digits) {
      case "1": {
        Ack ack = byVoice(true, requestNumber, technician, " groupé");
        if (ack.outcome() != Ack.Outcome.ACCEPTED) {
          return next(base, following, refusal(ack, PageTwiml.digits(requestNumber)));
        }
        if (ack.customerPhone() != null && Phones.isE164(ack.customerPhone())) {
          if (following.isEmpty()) {
            return WebhookResponse.twiml(twiml.takenAndConnect(ack.customerPhone()));
          }
          return WebhookResponse.twiml(twiml.takenAndConnectThen(ack.customerPhone(),
              coverAction(base, following.get(0), following.subList(1, following.size()), true)));
        }
        return next(base, following, twiml.texts().text(Text.VOICE_TAKEN_WITHOUT_CALLBACK));
      }
      case "2": {
        Ack ack = byVoice(false, requestNumber, technician, " groupé");
        return next(base, following, ack.outcome() == Ack.Outcome.ACCEPTED
            ? twiml.texts().text(Text.VOICE_DECLINED) : refusal(ack, PageTwiml.digits(requestNumber)));
      }
      case "3":
        return next(base, following, null);
      default:
        return WebhookResponse.twiml(twiml.coverReAsk(self));
    }
  }

  /** On to the next covered request (after {@code said}, or nothing), or the end of the call. */
  private WebhookResponse next(URI base, List<String> following, String said) {
    String before = said == null ? "" : said + " ";
    if (following.isEmpty()) {
      return WebhookResponse.twiml(twiml.sayAndHangup(before + twiml.texts().groupedCallEnd()));
    }
    URI present = coverAction(base, following.get(0), following.subList(1, following.size()), true);
    return WebhookResponse.twiml(twiml.sayThen(said, present));
  }

  /** MessageStatus and CallStatus callbacks (AnsweredBy included when machine detection ran). */
  public WebhookResponse status(WebhookRequest request) {
    if (!authentic(request, STATUS_PATH)) {
      return WebhookResponse.forbidden();
    }
    String callSid = request.param("CallSid");
    String messageSid = Optional.ofNullable(request.param("MessageSid")).orElse(request.param("SmsSid"));
    DeliveryStatus status;
    if (callSid != null && request.param("CallStatus") != null) {
      status = new DeliveryStatus(callSid, Channel.VOICE, lower(request.param("CallStatus")),
          request.param("AnsweredBy"), request.param("ErrorCode"));
    } else if (messageSid != null) {
      String s = Optional.ofNullable(request.param("MessageStatus")).orElse(request.param("SmsStatus"));
      if (s == null) {
        return WebhookResponse.badRequest("MessageStatus is required");
      }
      status = new DeliveryStatus(messageSid, Channel.SMS, lower(s), null, request.param("ErrorCode"));
    } else {
      return WebhookResponse.badRequest("CallSid/CallStatus or MessageSid/MessageStatus required");
    }
    LOG.info("statut Twilio {} {} {}{}", status.channel(), status.sid(), status.status(),
        status.answeredBy() == null ? "" : " answeredBy=" + status.answeredBy());
    try {
      acks.deliveryStatus(status);
    } catch (RuntimeException e) {
      // 500 makes the failure visible in Twilio's debugger; the engine's own timers cover a lost callback.
      LOG.error("statut {} de {} : enregistrement impossible", status.status(), status.sid(), e);
      return new WebhookResponse(500, WebhookResponse.TEXT, "Internal error");
    }
    return WebhookResponse.noContent();
  }

  private boolean authentic(WebhookRequest request, String route) {
    if (validator == null) {
      LOG.warn("webhook Twilio {} refusé : aucun jeton d'authentification configuré", route);
      return false;
    }
    String sig = request.signatureHeader();
    if (sig == null || sig.isBlank()) {
      LOG.warn("webhook Twilio {} refusé : pas d'en-tête X-Twilio-Signature", route);
      return false;
    }
    boolean ok;
    try {
      ok = validator.validate(request.fullUrl(), request.formParams(), sig.strip());
    } catch (RuntimeException e) {
      ok = false;
    }
    if (!ok) {
      LOG.warn("webhook Twilio {} refusé : signature invalide", route);
    }
    return ok;
  }

  /** @param number the request number as written (SMS) or spaced out to be said digit by digit (voice) */
  /**
   * {@code OK a b} or {@code OK TOUT}: each request taken in charge on its own (the first acknowledgement of
   * each wins, as for one); one answer lists those taken, then says why each other one was not.
   */
  private String takeChargeOfSeveral(List<String> numbers, String from) {
    List<String> taken = new java.util.ArrayList<>();
    List<String> others = new java.util.ArrayList<>();
    for (String n : numbers) {
      Ack ack = acks.takeCharge(n, from, Channel.SMS);
      LOG.info("prise en charge par SMS de la demande {} par le {} : {}", n, Phones.mask(from), ack.outcome());
      if (ack.outcome() == Ack.Outcome.ACCEPTED) {
        taken.add(n);
      } else {
        others.add(refusal(ack, n));
      }
    }
    List<String> lines = new java.util.ArrayList<>();
    if (taken.size() == 1) {
      lines.add(twiml.texts().reply(Text.REPLY_TAKEN, taken.get(0)));
    } else if (!taken.isEmpty()) {
      lines.add(twiml.texts().replyTakenMany(taken));
    }
    lines.addAll(others);
    return String.join(" ", lines);
  }

  private String refusal(Ack ack, String number) {
    return switch (ack.outcome()) {
      case ACCEPTED -> "";
      case ALREADY_HANDLED -> twiml.texts().reply(Text.REPLY_ALREADY_HANDLED, number);
      case UNKNOWN_REQUEST -> twiml.texts().reply(Text.REPLY_UNKNOWN_REQUEST, number);
      case NOT_ALLOWED -> twiml.texts().reply(Text.REPLY_NOT_ALLOWED, number);
    };
  }

  private String goodbye() {
    return twiml.texts().text(Text.VOICE_GOODBYE);
  }

  private static String lower(String s) {
    return s.strip().toLowerCase(Locale.ROOT);
  }
}
