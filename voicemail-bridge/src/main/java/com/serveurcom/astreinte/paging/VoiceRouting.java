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
    VoiceRoute r = route.get();
    Pager first = voice.get(r.provider());
    PagingFailure failure;
    if (first == null) {
      failure = new PagingFailure(PagingFailure.Kind.PERMANENT, null, null,
          "fournisseur vocal " + r.provider() + " non disponible sur ce serveur (lien AMI non configuré)", null, false);
    } else {
      try {
        return first.placeCall(to, script, idempotencyKey).from(first.provider());
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
    metrics.voiceFallback(from, second.provider(), reason(failure));
    return second.placeCall(to, script, idempotencyKey).from(second.provider());
  }

  /** A short label of why the provider failed, for the fallback counter. */
  private static String reason(PagingFailure f) {
    String m = String.valueOf(f.getMessage());
    if (m.contains(PbxFailure.LINK_DOWN.label())) {
      return PbxFailure.LINK_DOWN.code();
    }
    if (m.contains(PbxFailure.REFUSED.label())) {
      return PbxFailure.REFUSED.code();
    }
    if (m.contains(PbxFailure.NOT_PLACED.label())) {
      return PbxFailure.NOT_PLACED.code();
    }
    return "provider_failed";
  }

  /** Why a PBX could not place a call: the start of its failure's message, and the counter's reason. */
  public enum PbxFailure {
    LINK_DOWN("ami_down", "lien AMI coupé"),
    REFUSED("originate_refused", "Originate refusé"),
    NOT_PLACED("not_placed", "appel non placé");

    private final String code;
    private final String label;

    PbxFailure(String code, String label) {
      this.code = code;
      this.label = label;
    }

    public String code() {
      return code;
    }

    public String label() {
      return label;
    }

    public PagingFailure failure(String detail) {
      return new PagingFailure(PagingFailure.Kind.RETRYABLE, null, null, label + " : " + detail, null, false);
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
