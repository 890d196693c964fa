package com.serveurcom.astreinte.paging;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pager of a run without Twilio credentials (demo, development): nothing leaves the machine.
 * Every page is still recorded by the engine in {@code page_attempt} (provider {@code log}), so
 * {@code astreinte pages} shows what would have been sent; here it is only logged, numbers masked.
 */
public final class LogPager implements Pager {
  private static final Logger LOG = LoggerFactory.getLogger(LogPager.class);

  @Override
  public Receipt sendSms(String to, String body, String idempotencyKey) {
    String sid = "LOGSM" + UUID.randomUUID().toString().replace("-", "");
    LOG.info("ALERTE D'ASTREINTE (non envoyée, pas de Twilio) : SMS au {} clé={} sid={} : {}", Phones.mask(to), idempotencyKey, sid,
        Phones.maskAll(withoutSignatures(body)));
    return new Receipt(sid, "logged");
  }

  /**
   * A signed link (a technician's page, a recording) is a credential: the log keeps the first characters of
   * its signature, enough to tell which link went out, never a link that opens.
   */
  static String withoutSignatures(String body) {
    return body.replaceAll("([?&]sig=[A-Za-z0-9_-]{6})[A-Za-z0-9_-]+", "$1…");
  }

  @Override
  public Receipt placeCall(String to, String twiml, String idempotencyKey) {
    String sid = "LOGCA" + UUID.randomUUID().toString().replace("-", "");
    LOG.info("ALERTE D'ASTREINTE (non envoyée, pas de Twilio) : appel vocal au {} clé={} sid={} ({} caractères de TwiML)", Phones.mask(to),
        idempotencyKey, sid, twiml.length());
    return new Receipt(sid, "logged");
  }

  @Override
  public String provider() {
    return "log";
  }
}
