package com.serveurcom.astreinte.twilio;

import com.serveurcom.astreinte.paging.PagingFailure;

import com.serveurcom.astreinte.paging.Phones;

import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.HttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import java.net.URI;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one page through Twilio: an SMS or a voice call with inline TwiML. One method call is one HTTP
 * request (see {@link TwilioHttp}); retries, backoff and the choice of idempotency key belong to the
 * paging engine above. No global {@code Twilio.init}: each pager has its own client.
 */
public final class TwilioPager {
  /**
   * Sent with each create so the fake (and Twilio's request logs) show which attempt a request was. Twilio's
   * Messages and Calls APIs take no idempotency key: it de-duplicates nothing. What keeps a send from being
   * doubled after an ambiguous failure is {@link #findSms} / {@link #findCall}, asked before sending again.
   */
  public static final String IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token";
  /** How far before the first attempt the lists are read: clocks of Twilio and of this host differ a little. */
  static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(5);
  /** Entries of a list read at most: a technician's number gets a few pages a night, not thousands. */
  static final int LIST_LIMIT = 200;

  private static final Logger LOG = LoggerFactory.getLogger(TwilioPager.class);

  private final TwilioSettings settings;
  private final HttpClient http;

  /**
   * @param http normally a {@link TwilioHttp} aimed at {@code settings.apiBase()} (the caller owns and closes
   *             it); any other {@code HttpClient} must also send each request once
   */
  public TwilioPager(TwilioSettings settings, HttpClient http) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.http = Objects.requireNonNull(http, "http");
  }

  public SmsResult sendSms(String to, String body, URI statusCallback, String idempotencyKey) throws PagingFailure {
    requirePhone(to);
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(statusCallback, "statusCallback");
    requireKey(idempotencyKey);
    try {
      // setStatusCallback(URI), never (String): the String overload silently drops a URI it cannot parse.
      Message m = Message.creator(new PhoneNumber(to), new PhoneNumber(settings.fromNumber()), body)
          .setStatusCallback(statusCallback)
          .create(client(idempotencyKey));
      String status = m.getStatus() == null ? "unknown" : m.getStatus().toString();
      LOG.info("SMS au {} accepté par Twilio : sid={} statut={} clé={}", Phones.mask(to), m.getSid(), status, idempotencyKey);
      return new SmsResult(m.getSid(), status);
    } catch (TwilioException e) {
      throw failure("le SMS", to, idempotencyKey, e);
    }
  }

  public CallResult placeCall(String to, String twiml, URI statusCallback, int ringTimeoutSeconds, String idempotencyKey)
      throws PagingFailure {
    requirePhone(to);
    Objects.requireNonNull(twiml, "twiml");
    Objects.requireNonNull(statusCallback, "statusCallback");
    requireKey(idempotencyKey);
    if (ringTimeoutSeconds < 5 || ringTimeoutSeconds > 600) {
      throw new IllegalArgumentException("la durée de sonnerie doit être de 5 à 600 s, pas " + ringTimeoutSeconds);
    }
    // Caught here rather than by Twilio: an oversized TwiML is our bug, not a reason to page again.
    PageTwiml.requireWithinLimit(twiml);
    try {
      Call c = Call.creator(new PhoneNumber(to), new PhoneNumber(settings.fromNumber()), new Twiml(twiml))
          .setTimeout(ringTimeoutSeconds)
          .setStatusCallback(statusCallback)
          .setStatusCallbackEvent(java.util.List.of("initiated", "ringing", "answered", "completed"))
          // Lets the engine tell a voicemail box (AnsweredBy=machine_*) from a technician who picked up.
          .setMachineDetection("Enable")
          .create(client(idempotencyKey));
      String status = c.getStatus() == null ? "unknown" : c.getStatus().toString();
      LOG.info("appel vocal au {} accepté par Twilio : sid={} statut={} clé={}", Phones.mask(to), c.getSid(), status, idempotencyKey);
      return new CallResult(c.getSid(), status);
    } catch (TwilioException e) {
      throw failure("l'appel vocal", to, idempotencyKey, e);
    }
  }

  /**
   * After an ambiguous failure: the message to {@code to} whose body carries {@code tag}, taken by Twilio
   * since {@code since}, if there is one. Reads {@code Messages.json?To=..&DateSent>=..}, then the newest
   * messages to that number whatever their date (a message Twilio still holds queued has no date sent).
   */
  public java.util.Optional<SmsResult> findSms(String to, String tag, java.time.Instant since) throws PagingFailure {
    requirePhone(to);
    requireKey(tag);
    TwilioRestClient client = client("lookup");
    try {
      java.time.ZonedDateTime after = since.minus(CLOCK_SKEW).atZone(java.time.ZoneOffset.UTC);
      for (Iterable<Message> read : java.util.List.<Iterable<Message>>of(
          Message.reader().setTo(new PhoneNumber(to)).setDateSentAfter(after).setPageSize(50L).limit(LIST_LIMIT)
              .read(client),
          Message.reader().setTo(new PhoneNumber(to)).setPageSize(50L).firstPage(client).getRecords())) {
        for (Message m : read) {
          if (m.getBody() != null && m.getBody().contains(tag)) {
            String status = m.getStatus() == null ? "unknown" : m.getStatus().toString();
            LOG.info("SMS au {} retrouvé chez Twilio après un essai sans réponse : sid={} statut={}", Phones.mask(to),
                m.getSid(), status);
            return java.util.Optional.of(new SmsResult(m.getSid(), status));
          }
        }
      }
      return java.util.Optional.empty();
    } catch (TwilioException e) {
      throw failure("SMS lookup", to, tag, e);
    }
  }

  /**
   * After an ambiguous failure: a call to {@code to} created since {@code since} whose sid is not one of
   * {@code knownSids} (the calls to that number we already account for), oldest first. A call has no field
   * of ours Twilio lists back, so it is told apart by its sid: two unanswered calls to one number in the
   * same minutes would be taken for each other (one is then not placed again).
   */
  public java.util.Optional<CallResult> findCall(String to, java.time.Instant since, java.util.Set<String> knownSids)
      throws PagingFailure {
    requirePhone(to);
    TwilioRestClient client = client("lookup");
    try {
      java.time.Instant from = since.minus(CLOCK_SKEW);
      java.time.ZonedDateTime after = from.atZone(java.time.ZoneOffset.UTC);
      Call found = null;
      for (Iterable<Call> read : java.util.List.<Iterable<Call>>of(
          Call.reader().setTo(new PhoneNumber(to)).setStartTimeAfter(after).setPageSize(50L).limit(LIST_LIMIT)
              .read(client),
          Call.reader().setTo(new PhoneNumber(to)).setPageSize(50L).firstPage(client).getRecords())) {
        for (Call c : read) {
          boolean recent = c.getDateCreated() == null || !c.getDateCreated().toInstant().isBefore(from);
          if (recent && !knownSids.contains(c.getSid()) && (found == null
              || (c.getDateCreated() != null && found.getDateCreated() != null
                  && c.getDateCreated().isBefore(found.getDateCreated())))) {
            found = c;
          }
        }
        if (found != null) {
          break;
        }
      }
      if (found == null) {
        return java.util.Optional.empty();
      }
      String status = found.getStatus() == null ? "unknown" : found.getStatus().toString();
      LOG.info("appel vocal au {} retrouvé chez Twilio après un essai sans réponse : sid={} statut={}", Phones.mask(to),
          found.getSid(), status);
      return java.util.Optional.of(new CallResult(found.getSid(), status));
    } catch (TwilioException e) {
      throw failure("call lookup", to, "lookup", e);
    }
  }

  /**
   * A client per attempt, because the SDK's creators cannot add a header: this one stamps every request
   * with the attempt's idempotency key. Cheap: the HTTP client and the object mapper are shared.
   */
  private TwilioRestClient client(String idempotencyKey) {
    return new KeyedRestClient(new TwilioRestClient.Builder(settings.accountSid(), settings.authToken()).httpClient(http),
        idempotencyKey);
  }

  private static final class KeyedRestClient extends TwilioRestClient {
    private final String key;

    KeyedRestClient(TwilioRestClient.Builder builder, String key) {
      super(builder);
      this.key = key;
    }

    @Override
    public Response request(Request request) {
      request.addHeaderParam(IDEMPOTENCY_HEADER, key);
      return super.request(request);
    }
  }

  static PagingFailure failure(String what, String to, String key, TwilioException e) {
    PagingFailure f;
    if (e instanceof ApiException api && api.getStatusCode() != null) {
      int status = api.getStatusCode();
      boolean retryable = status >= 500 || status == 429 || Integer.valueOf(20429).equals(api.getCode());
      f = new PagingFailure(retryable ? PagingFailure.Kind.RETRYABLE : PagingFailure.Kind.PERMANENT,
          api.getCode(), status, "Twilio a refusé " + what + " : " + status + " code " + api.getCode() + " " + Phones.maskAll(api.getMessage()), e);
    } else {
      // No HTTP status: timeout, broken connection, unreadable answer. Twilio may or may not have the
      // request: uncertain, and the engine asks Twilio before sending again. Only a refused connection
      // proves the request never left.
      boolean neverLeft = false;
      for (Throwable t = e; t != null; t = t.getCause()) {
        neverLeft |= t instanceof java.net.ConnectException
            || t instanceof org.apache.hc.client5.http.ConnectTimeoutException
            || t instanceof java.net.UnknownHostException;
      }
      f = new PagingFailure(PagingFailure.Kind.RETRYABLE, null, null,
          "pas de réponse de Twilio pour " + what + " : " + Phones.maskAll(e.getMessage()), e, !neverLeft);
    }
    LOG.warn("{} au {} en échec ({}) : {} clé={}", what, Phones.mask(to), f.kind(), f.getMessage(), key);
    return f;
  }

  /** Only presence: whether a number can be reached is Twilio's call (21211 comes back as permanent). */
  private static void requirePhone(String to) {
    if (to == null || to.isBlank()) {
      throw new IllegalArgumentException("a destination number is required");
    }
  }

  private static void requireKey(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("an idempotency key is required");
    }
  }
}
