package com.serveurcom.astreinte.twilio;

import com.serveurcom.astreinte.paging.Pager;

import com.serveurcom.astreinte.twilio.CallResult;
import com.serveurcom.astreinte.paging.PagingFailure;
import com.serveurcom.astreinte.twilio.SmsResult;
import com.serveurcom.astreinte.twilio.TwilioPager;
import com.serveurcom.astreinte.twilio.TwilioSettings;
import com.serveurcom.astreinte.twilio.TwilioWebhooks;
import java.util.Objects;

/** {@link Pager} over Twilio: status callbacks come back to {@code /twilio/status}. */
public final class TwilioPagerAdapter implements Pager {
  /** Long enough for a technician asleep to wake and pick up, short of most voicemail boxes' 30 s. */
  public static final int RING_TIMEOUT_SECONDS = 25;

  private final TwilioPager pager;
  private final TwilioSettings settings;

  public TwilioPagerAdapter(TwilioPager pager, TwilioSettings settings) {
    this.pager = Objects.requireNonNull(pager, "pager");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public Pager.Receipt sendSms(String to, String body, String idempotencyKey) throws PagingFailure {
    SmsResult r = pager.sendSms(to, body, TwilioWebhooks.statusUrl(settings), idempotencyKey);
    return new Pager.Receipt(r.sid(), r.status());
  }

  /** The tag ends the text, « (réf. xxxxxxxx) »: a reference the technician may quote, and what a lookup finds. */
  @Override
  public Pager.Receipt sendSms(String to, String body, String idempotencyKey, String tag) throws PagingFailure {
    return sendSms(to, body + " " + reference(tag), idempotencyKey);
  }

  static String reference(String tag) {
    return "(réf. " + tag + ")";
  }

  @Override
  public java.util.Optional<Pager.Receipt> findSent(String channel, String to, String tag, java.time.Instant since,
      java.util.Set<String> knownSids) throws PagingFailure {
    if (channel.equals("sms")) {
      return pager.findSms(to, reference(tag), since).map(r -> new Pager.Receipt(r.sid(), r.status()));
    }
    return pager.findCall(to, since, knownSids).map(r -> new Pager.Receipt(r.sid(), r.status()));
  }

  @Override
  public Pager.Receipt placeCall(String to, String twiml, String idempotencyKey) throws PagingFailure {
    CallResult r = pager.placeCall(to, twiml, TwilioWebhooks.statusUrl(settings), RING_TIMEOUT_SECONDS, idempotencyKey);
    return new Pager.Receipt(r.sid(), r.status());
  }

  @Override
  public String provider() {
    return "twilio";
  }
}
