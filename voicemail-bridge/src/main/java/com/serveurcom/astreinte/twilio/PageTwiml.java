package com.serveurcom.astreinte.twilio;

import com.serveurcom.astreinte.paging.Phones;

import com.serveurcom.astreinte.paging.PageSummary;
import com.serveurcom.astreinte.paging.PagingTexts;
import java.util.function.Supplier;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Number;
import com.twilio.twiml.voice.Play;
import com.twilio.twiml.voice.Say;
import java.net.URI;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The TwiML of a voice page and of the answers to the technician's keypress. Everything said is French
 * ({@code fr-FR}); numbers are said digit by digit so that a technician can write them down.
 */
public final class PageTwiml {
  /** Twilio rejects an inline {@code Twiml} parameter longer than this. */
  public static final int TWIML_LIMIT = 4000;
  /** The support line (02 72 64 61 72): the customer sees it when the technician is connected. */
  public static final String SUPPORT_NUMBER = "+33272646172";


  private final String supportNumber;
  /** The page rendered once for the menu texts in force; rendered again when an administrator edits them. */
  private volatile Rendered template;
  private final Supplier<PagingTexts> texts;

  /** @param texts the texts in force (reloaded config): the page's summary is said from them */
  public PageTwiml(Supplier<PagingTexts> texts) {
    this(SUPPORT_NUMBER, texts);
  }

  public PageTwiml(String supportNumber, Supplier<PagingTexts> texts) {
    this.texts = Objects.requireNonNull(texts, "texts");
    if (!Phones.isE164(supportNumber)) {
      throw new IllegalArgumentException("support number not in E.164: " + supportNumber);
    }
    this.supportNumber = supportNumber;
  }

  /** The texts in force, for the answers the webhooks give around the page. */
  public PagingTexts texts() {
    return texts.get();
  }

  private record Rendered(String menu, String noAnswer, PageTemplate template) {}

  private PageTemplate template(PagingTexts t) {
    Rendered r = template;
    if (r == null || !r.menu().equals(t.voiceMenu()) || !r.noAnswer().equals(t.voiceNoAnswer())) {
      r = new Rendered(t.voiceMenu(), t.voiceNoAnswer(), PageTemplate.of(renderPage(t, PageTemplate.SUMMARY,
          URI.create(PageTemplate.RECORDING), URI.create(PageTemplate.ACTION))));
      template = r;
    }
    return r.template();
  }

  /**
   * The page: summary, the customer's recorded message (a signed, expiring URL), then the menu. With no
   * keypress the technician hears a goodbye and the call ends; the engine re-pages on its own schedule.
   */
  public String page(PageSummary summary, URI recordingUrl, URI gatherAction) {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(recordingUrl, "recordingUrl");
    Objects.requireNonNull(gatherAction, "gatherAction");
    PagingTexts t = texts.get();
    String text = t.voicePage(summary);
    String recording = recordingUrl.toString();
    String action = gatherAction.toString();
    PageTemplate pageTemplate = template(t);
    if (pageTemplate.fits(text) && pageTemplate.fits(recording) && pageTemplate.fits(action)) {
      return requireWithinLimit(pageTemplate.fill(text, recording, action));
    }
    return requireWithinLimit(renderPage(t, text, recordingUrl, gatherAction));
  }

  /** {@link #renderPage(PagingTexts, String, URI, URI)} with the texts in force. */
  String renderPage(String summaryText, URI recordingUrl, URI gatherAction) {
    return renderPage(texts.get(), summaryText, recordingUrl, gatherAction);
  }

  /** The page as twilio-java writes it (a DOM, then an XML transformer: the costly part of a page). */
  private String renderPage(PagingTexts t, String summaryText, URI recordingUrl, URI gatherAction) {
    return new VoiceResponse.Builder()
        .say(say(summaryText))
        .play(new Play.Builder(recordingUrl).build())
        .gather(menu(gatherAction, t))
        .say(say(t.voiceNoAnswer()))
        .hangup(new Hangup.Builder().build())
        .build().toXml();
  }

  /**
   * One request of a call covering several (issue 13): {@code before} said first (« il y a 3 demandes en
   * attente », « demande suivante »), the summary and the recording, then the keys of this request (1 take
   * charge, 2 decline, 3 next) posted to {@code gatherAction}, which names the requests still to present.
   */
  public String coverPage(String before, PageSummary summary, URI recordingUrl, URI gatherAction) {
    PagingTexts t = texts.get();
    VoiceResponse.Builder b = new VoiceResponse.Builder();
    if (before != null && !before.isBlank()) {
      b.say(say(before));
    }
    return requireWithinLimit(b.say(say(t.voicePage(summary)))
        .play(new Play.Builder(recordingUrl).build())
        .gather(menu(gatherAction, t.groupedCallMenu()))
        .say(say(t.voiceNoAnswer()))
        .hangup(new Hangup.Builder().build())
        .build().toXml());
  }

  /** The keys of a covered request again, after a key that is none of them. */
  public String coverReAsk(URI gatherAction) {
    PagingTexts t = texts.get();
    return requireWithinLimit(new VoiceResponse.Builder()
        .say(say(t.voiceNotUnderstood()))
        .gather(menu(gatherAction, t.groupedCallMenu()))
        .say(say(t.voiceNoAnswer()))
        .hangup(new Hangup.Builder().build())
        .build().toXml());
  }

  /** A French sentence, then on to the next covered request ({@code next}: its presentation URL). */
  public String sayThen(String frenchText, URI next) {
    VoiceResponse.Builder b = new VoiceResponse.Builder();
    if (frenchText != null && !frenchText.isBlank()) {
      b.say(say(frenchText));
    }
    return requireWithinLimit(b
        .redirect(new com.twilio.twiml.voice.Redirect.Builder(next).method(HttpMethod.POST).build())
        .build().toXml());
  }

  /** Taken in charge from a covering call: put through to the customer, then on to the next request. */
  public String takenAndConnectThen(String customerPhone, URI next) {
    if (!Phones.isE164(customerPhone)) {
      throw new IllegalArgumentException("customer number not in E.164: " + Phones.mask(customerPhone));
    }
    return requireWithinLimit(new VoiceResponse.Builder()
        .say(say(texts.get().voiceTaken()))
        .dial(new Dial.Builder().callerId(supportNumber).number(new Number.Builder(customerPhone).build()).build())
        .redirect(new com.twilio.twiml.voice.Redirect.Builder(next).method(HttpMethod.POST).build())
        .build().toXml());
  }

  /** Answer to 1 when the take-charge is recorded: connect the technician to the customer. */
  public String takenAndConnect(String customerPhone) {
    if (!Phones.isE164(customerPhone)) {
      throw new IllegalArgumentException("customer number not in E.164: " + Phones.mask(customerPhone));
    }
    String xml = new VoiceResponse.Builder()
        .say(say(texts.get().voiceTaken()))
        // The customer sees the support number, not the technician's private mobile.
        .dial(new Dial.Builder().callerId(supportNumber).number(new Number.Builder(customerPhone).build()).build())
        .build().toXml();
    return requireWithinLimit(xml);
  }

  /** Answer to 2. */
  public String declined() {
    return sayAndHangup(texts.get().voiceDeclined());
  }

  /** Answer to anything but 1, 2 or 3: the menu again. */
  public String reAsk(URI gatherAction) {
    PagingTexts t = texts.get();
    String xml = new VoiceResponse.Builder()
        .say(say(t.voiceNotUnderstood()))
        .gather(menu(gatherAction, t))
        .say(say(t.voiceNoAnswer()))
        .hangup(new Hangup.Builder().build())
        .build().toXml();
    return requireWithinLimit(xml);
  }

  /** A French sentence, then hang up (request already taken, unknown, not allowed...). */
  public String sayAndHangup(String frenchText) {
    String xml = new VoiceResponse.Builder()
        .say(say(frenchText))
        .hangup(new Hangup.Builder().build())
        .build().toXml();
    return requireWithinLimit(xml);
  }

  /** Throws when Twilio would refuse the TwiML: a silent failure would mean a page that never rings. */
  public static String requireWithinLimit(String twiml) {
    if (twiml.length() > TWIML_LIMIT) {
      throw new IllegalStateException("TwiML is " + twiml.length() + " characters, over Twilio's " + TWIML_LIMIT + " limit");
    }
    return twiml;
  }

  String summaryText(PageSummary s) {
    return texts.get().voicePage(s);
  }

  /** {@code 26000001} becomes {@code 2 6 0 0 0 0 0 1}: Twilio's French voice then says each digit. */
  public static String digits(String number) {
    return number.chars().mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining(" "));
  }

  private Gather menu(URI gatherAction, PagingTexts t) {
    return menu(gatherAction, t.voiceMenu());
  }

  private Gather menu(URI gatherAction, String menuText) {
    return new Gather.Builder()
        .inputs(Gather.Input.DTMF)
        .numDigits(1)
        .timeout(8)
        .action(gatherAction)
        .method(HttpMethod.POST)
        .say(say(menuText))
        .build();
  }

  private static Say say(String text) {
    return new Say.Builder(text).language(Say.Language.FR_FR).build();
  }
}
