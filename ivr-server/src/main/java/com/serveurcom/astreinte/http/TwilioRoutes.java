package com.serveurcom.astreinte.http;

import com.serveurcom.astreinte.paging.SignedUrls;
import com.serveurcom.astreinte.twilio.TwilioWebhooks;
import com.serveurcom.astreinte.twilio.WebhookRequest;
import com.serveurcom.astreinte.twilio.WebhookResponse;
import com.serveurcom.astreinte.voicemail.RecordingStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The routes outside {@code /api/} that the internet reaches: Twilio's webhooks ({@value TwilioWebhooks#SMS_PATH},
 * {@value TwilioWebhooks#GATHER_PATH}, {@value TwilioWebhooks#STATUS_PATH}) and the recording links pages carry
 * ({@value #RECORDINGS}). No bearer token here: Twilio signs its requests ({@code X-Twilio-Signature}) and
 * recording links carry their own HMAC and expiry. The routes are always registered; without a Twilio
 * auth token (or public URL) every webhook answers 403, without a signing secret every recording does.
 */
public final class TwilioRoutes {
  public static final String RECORDINGS = "/recordings/{file}";
  /** A voice page's link when nothing was stored yet at paging time (PagingLinks.recordingUrl). */
  public static final String REQUEST_RECORDINGS = "/recordings/{request}/{n}";
  private static final String FORM = "application/x-www-form-urlencoded";

  private final TwilioWebhooks webhooks;
  private final Optional<String> publicBase;
  private final Optional<SignedUrls> signedUrls;
  private final RecordingStore recordings;

  /**
   * @param publicBaseUrl {@code ASTREINTE_PUBLIC_URL}: the URL Twilio calls is rebuilt from it, never from
   *     the Host header (behind a proxy, and forgeable)
   * @param signedUrls    from {@code ASTREINTE_URL_SIGNING_SECRET}; empty refuses every recording link
   */
  public TwilioRoutes(TwilioWebhooks webhooks, Optional<URI> publicBaseUrl, Optional<SignedUrls> signedUrls,
      RecordingStore recordings) {
    this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
    this.publicBase = publicBaseUrl.map(u -> {
      String s = u.toString();
      return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    });
    this.signedUrls = Objects.requireNonNull(signedUrls, "signedUrls");
    this.recordings = Objects.requireNonNull(recordings, "recordings");
  }

  public void register(Router router) {
    router.post(TwilioWebhooks.SMS_PATH, r -> webhook(r, webhooks::sms));
    router.post(TwilioWebhooks.GATHER_PATH, r -> webhook(r, webhooks::gather));
    router.post(TwilioWebhooks.STATUS_PATH, r -> webhook(r, webhooks::status));
    router.get(RECORDINGS, this::recording);
    router.get(REQUEST_RECORDINGS, this::requestRecording);
  }

  private HttpResponse webhook(HttpRequest request, Function<WebhookRequest, WebhookResponse> handler) {
    if (!webhooks.acceptsRequests() || publicBase.isEmpty()) {
      return answer(WebhookResponse.forbidden());
    }
    Map<String, String> form = form(request);
    String fullUrl = publicBase.get() + request.pathAndQuery();
    return answer(handler.apply(new WebhookRequest(fullUrl, request.firstQueryValues(), form,
        request.header("x-twilio-signature").orElse(null))));
  }

  private HttpResponse recording(HttpRequest request) throws IOException {
    Optional<HttpResponse> refused = refusedLink(request);
    if (refused.isPresent()) {
      return refused.get();
    }
    return serve(RecordingStore.msgIdOfFileName(request.pathParam("file")).flatMap(recordings::find));
  }

  /** {@code /recordings/<request>/<n>}: the request's n-th message, once the voicemail side has stored it. */
  private HttpResponse requestRecording(HttpRequest request) throws IOException {
    Optional<HttpResponse> refused = refusedLink(request);
    if (refused.isPresent()) {
      return refused.get();
    }
    String n = request.pathParam("n");
    if (!n.matches("[1-9]\\d{0,3}")) {
      return HttpResponse.text(404, WebhookResponse.TEXT, "No such recording");
    }
    return serve(recordings.messageOfRequest(request.pathParam("request"), Integer.parseInt(n))
        .flatMap(recordings::find));
  }

  /** 403 without a signing secret or with a bad signature, 410 when expired; empty for a valid link. */
  private Optional<HttpResponse> refusedLink(HttpRequest request) {
    if (signedUrls.isEmpty()) {
      return Optional.of(answer(WebhookResponse.forbidden()));
    }
    String raw = request.pathAndQuery();
    int q = raw.indexOf('?');
    String rawPath = q < 0 ? raw : raw.substring(0, q);
    // The signature covers the path as sent: a percent-encoded variant is another path, and refused.
    return switch (signedUrls.get().verify(rawPath, request.query())) {
      case BAD_SIGNATURE -> Optional.of(answer(WebhookResponse.forbidden()));
      case EXPIRED -> Optional.of(HttpResponse.text(410, WebhookResponse.TEXT, "Link expired"));
      default -> Optional.empty();
    };
  }

  private static HttpResponse serve(Optional<Path> file) throws IOException {
    if (file.isEmpty()) {
      // Signed by us, but purged since (retention) or never stored.
      return HttpResponse.text(404, WebhookResponse.TEXT, "No such recording");
    }
    return HttpResponse.bytes(200, "audio/wav", Files.readAllBytes(file.get()))
        .withHeader("Cache-Control", "private, no-store");
  }

  /** Twilio posts UTF-8 forms; anything else is not Twilio and gets 415 (400 when undecodable). */
  static Map<String, String> form(HttpRequest request) {
    String contentType = request.header("content-type").orElse("");
    if (!FORM.equals(request.mediaType())) {
      throw new ApiException(415, "request body must be " + FORM);
    }
    for (String param : contentType.split(";")) {
      String[] kv = param.trim().split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")
          && !kv[1].trim().replace("\"", "").equalsIgnoreCase("utf-8")) {
        throw new ApiException(415, "form charset must be UTF-8");
      }
    }
    String body;
    try {
      body = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(request.body())).toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("form body is not UTF-8", null);
    }
    try {
      // First value wins; a repeated field then fails the signature, which covers every value.
      return FormFields.decode(body);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("malformed form body", null);
    }
  }


  private static HttpResponse answer(WebhookResponse w) {
    return HttpResponse.text(w.status(), w.contentType(), w.body());
  }
}
