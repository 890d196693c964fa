package com.serveurcom.astreinte.agi;

import com.serveurcom.astreinte.call.CallRecord;
import com.serveurcom.astreinte.call.CallbackNumber;
import com.serveurcom.astreinte.call.SupportLine;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import io.micrometer.core.instrument.MeterRegistry;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code support} FastAGI script: one instance serves every call to the support number, so
 * it keeps no call state. A dry run may pass {@code ?at=INSTANT}, honoured only in demo mode so a
 * production caller cannot choose the time its call is judged at.
 */
public final class SupportScript implements AgiScript {
  private static final Logger log = LoggerFactory.getLogger(SupportScript.class);

  private final SupportLine line;
  private final Clock clock;
  private final boolean honourAtParameter;
  private final MeterRegistry metrics;

  public SupportScript(SupportLine line, Clock clock, boolean honourAtParameter, MeterRegistry metrics) {
    this.line = line;
    this.clock = clock;
    this.honourAtParameter = honourAtParameter;
    this.metrics = metrics;
  }

  @Override
  public void service(AgiRequest request, AgiChannel channel) {
    Instant at = callInstant(request);
    CallRecord record = line.answer(new AgiCallChannel(channel, request), at);
    io.micrometer.core.instrument.Counter.builder("astreinte_calls").description("Calls handled, by route and outcome")
        .tags("route", record.route(), "outcome", record.outcome().kind().code()).register(metrics).increment();
    io.micrometer.core.instrument.Timer.builder("astreinte_call_duration").description("Length of the calls, by route")
        .tag("route", record.route()).register(metrics).record(record.duration());
    log.info(
        "appel {} de {} : {} (étapes {})",
        record.callId(),
        record.callerId() == null ? "numéro inconnu" : CallbackNumber.mask(record.callerId()),
        record.outcome().line(),
        record.steps());
  }

  private Instant callInstant(AgiRequest request) {
    String at = request.getParameter("at");
    if (at == null || at.isBlank()) {
      return clock.instant();
    }
    if (!honourAtParameter) {
      log.warn("appel {} : at={} ignoré (seul un serveur --demo joue les appels à un autre instant)", request.getUniqueId(), at);
      return clock.instant();
    }
    try {
      // asterisk-java decodes the query string as a form, so the + of an offset written in the
      // dialplan (at=2026-11-28T03:00:00+01:00; Asterisk passes it as it is) arrives as a space.
      Instant judged = OffsetDateTime.parse(at.strip().replace(' ', '+')).toInstant();
      if (clock instanceof DryRunClock demo) {
        // The demo lives at the chosen instant from now on, so what follows the call is dated with it.
        demo.moveTo(judged);
      }
      return judged;
    } catch (DateTimeParseException e) {
      log.warn("appel {} : at={} illisible, appel joué à l'instant présent", request.getUniqueId(), at);
      return clock.instant();
    }
  }
}
