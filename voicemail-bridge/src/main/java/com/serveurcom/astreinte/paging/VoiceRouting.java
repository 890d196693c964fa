package com.serveurcom.astreinte.paging;

import com.serveurcom.astreinte.rota.VoiceRoute;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pager the engine sends through when voice pages may go through the operator's PBX: SMS go to the
 * SMS pager (Twilio, or the log pager), calls to the provider the {@code voix} section of astreinte.yaml
 * names, read at each call (the file is reloaded while the server runs). When that provider cannot
 * place the call (AMI link down, Originate refused, no such trunk), the fallback places it: the switch is
 * logged, counted ({@code astreinte_voice_fallbacks_total}) and the attempt records the provider that
 * took it ({@code bin/astreinte pages}).
 *
 * <p>A call the provider did place but that nobody acknowledged (no answer, busy, congestion, a voicemail
 * that took it) is not a failure of the provider: the chain goes on with its next step, as with Twilio.
 */
public final class VoiceRouting implements Pager {
  private static final Logger LOG = LoggerFactory.getLogger(VoiceRouting.class);

  private final Pager sms;
  private final Map<String, Pager> voice;
  private final Supplier<VoiceRoute> route;
  private final PagingMetrics metrics;

  /**
   * @param sms   the SMS pager; also the {@code twilio} voice provider (the log pager when Twilio is not set)
   * @param pbx   the {@code asterisk} voice provider, empty when the server has no AMI link configured
   * @param route the route in force (reloaded config)
   */
  public VoiceRouting(Pager sms, Optional<Pager> pbx, Supplier<VoiceRoute> route, PagingMetrics metrics) {
    this.sms = Objects.requireNonNull(sms, "sms");
    this.voice = pbx.<Map<String, Pager>>map(p -> Map.of(VoiceRoute.TWILIO, sms, VoiceRoute.ASTERISK, p))
        .orElseGet(() -> Map.of(VoiceRoute.TWILIO, sms));
    this.route = Objects.requireNonNull(route, "route");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public Receipt sendSms(String to, String body, String idempotencyKey) throws PagingFailure {
    return sms.sendSms(to, body, idempotencyKey);
  }

  @Override
  public Receipt sendSms(String to, String body, String idempotencyKey, String tag) throws PagingFailure {
    return sms.sendSms(to, body, idempotencyKey, tag);
  }

  @Override
  public Receipt placeCall(String to, String script, String idempotencyKey) throws PagingFailure {
    // Its sender did not say what it says: placed as a page (a provider that cannot play it fails, the fallback takes it).
    return placeCall(to, script, idempotencyKey, CallKind.PAGE);
  }

  /**
   * A page goes to the route's provider, then to its fallback when the provider cannot place it. An
   * announcement goes straight to the first provider of the route that can say it (Twilio: Asterisk has no
   * French speech), without a failed attempt first and without counting a fallback.
   */
  @Override
  public Receipt placeCall(String to, String script, String idempotencyKey, CallKind kind) throws PagingFailure {
    VoiceRoute r = route.get();
    if (kind == CallKind.ANNOUNCEMENT) {
      Pager speaker = speakerOf(r);
      if (speaker == null) {
        throw new PagingFailure(PagingFailure.Kind.PERMANENT, PagingFailure.Reason.CANNOT_SPEAK, null, null,
            "aucun fournisseur vocal de la section voix ne sait dire une annonce (Asterisk n'a pas de synthèse vocale"
                + " française) : secours: twilio dans astreinte.yaml", null, false);
      }
      return speaker.placeCall(to, script, idempotencyKey, kind).from(speaker.provider());
    }
    Pager first = voice.get(r.provider());
    PagingFailure failure;
    if (first == null) {
      failure = new PagingFailure(PagingFailure.Kind.PERMANENT, PagingFailure.Reason.UNAVAILABLE, null, null,
          "fournisseur vocal " + r.provider() + " non disponible sur ce serveur (lien AMI non configuré)", null, false);
    } else {
      try {
        return first.placeCall(to, script, idempotencyKey, kind).from(first.provider());
      } catch (PagingFailure f) {
        failure = f;
      }
    }
    Optional<Pager> fallback = r.fallback().map(voice::get);
    if (fallback.isEmpty()) {
      throw failure;
    }
    Pager second = fallback.get();
    String from = first == null ? r.provider() : first.provider();
    LOG.warn("Appel d'astreinte vers {} : {} n'a pas pu le passer ({}) ; bascule sur {}", Phones.mask(to), from,
        Phones.maskAll(failure.getMessage()), second.provider());
    metrics.voiceFallback(from, second.provider(), failure.reason());
    return second.placeCall(to, script, idempotencyKey, kind).from(second.provider());
  }

  /** The first provider of the route, provider then fallback, that runs here and can say an announcement. */
  private Pager speakerOf(VoiceRoute r) {
    for (String name : r.fallback().map(f -> java.util.List.of(r.provider(), f)).orElse(java.util.List.of(r.provider()))) {
      Pager p = voice.get(name);
      if (p != null && p.speaks(CallKind.ANNOUNCEMENT)) {
        return p;
      }
    }
    return null;
  }

  /** Why a PBX could not place a call: the typed reason of its failure (the fallback counter's label). */
  public enum PbxFailure {
    LINK_DOWN(PagingFailure.Reason.LINK_DOWN, "lien AMI coupé"),
    REFUSED(PagingFailure.Reason.REFUSED, "Originate refusé"),
    NOT_PLACED(PagingFailure.Reason.NOT_PLACED, "appel non placé");

    private final PagingFailure.Reason reason;
    private final String label;

    PbxFailure(PagingFailure.Reason reason, String label) {
      this.reason = reason;
      this.label = label;
    }

    public PagingFailure.Reason reason() {
      return reason;
    }

    /** The start of the failure's message, for the person (French); never parsed. */
    public String label() {
      return label;
    }

    public PagingFailure failure(String detail) {
      return new PagingFailure(PagingFailure.Kind.RETRYABLE, reason, null, null, label + " : " + detail, null, false);
    }
  }

  @Override
  public Optional<Receipt> findSent(String channel, String to, String tag, Instant since, Set<String> knownSids)
      throws PagingFailure {
    // A call through the PBX is never left unanswered (an Originate without an answer is not placed):
    // only the SMS pager (Twilio) can have taken a send we did not hear about.
    return sms.findSent(channel, to, tag, since, knownSids);
  }

  @Override
  public String provider() {
    return sms.provider();
  }

  @Override
  public String provider(String channel) {
    if (!channel.equals("voice")) {
      return sms.provider();
    }
    Pager first = voice.get(route.get().provider());
    return first == null ? route.get().provider() : first.provider();
  }
}
