package com.serveurcom.astreinte.pbx;

import com.serveurcom.astreinte.agi.AgiCallChannel;
import com.serveurcom.astreinte.call.CallerHungUp;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.paging.Ack;
import com.serveurcom.astreinte.paging.Acknowledgements;
import com.serveurcom.astreinte.paging.Channel;
import com.serveurcom.astreinte.paging.Phones;
import com.serveurcom.astreinte.rota.VoiceRoute;
import com.serveurcom.astreinte.ticket.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code page} FastAGI script: the technician's side of a voice page placed through the PBX
 * ({@link AsteriskPager}), reached through the shipped {@code [astreinte-page]} context as
 * {@code agi://…/page?id=${PAGE_ID}} (the id arrives in the query string only: there are no
 * {@code agi_arg_*} lines, asterisk-wire-originate.md section 2).
 *
 * <ol>
 *   <li>An unknown page, or one whose request was taken in charge or declined meanwhile: said, then hung up.</li>
 *   <li>The pickup check: a key must be pressed before anything is said, so a mobile's voicemail that
 *       takes the call never counts as an answer (recorded {@code no-key}; the chain goes on).</li>
 *   <li>The summary from prompt sounds: request number ({@code SAY DIGITS}), priority, how long ago,
 *       how many messages; then the customer's latest message played straight from Asterisk's spool.</li>
 *   <li>The menu: 1 take charge, 2 decline, 3 hear it again, 4 take charge and be put through to the
 *       customer ({@code EXEC Dial} with the support number as caller ID and the announcement
 *       {@code astreinte/page-annonce-client} played to the customer first).</li>
 * </ol>
 * Take-charge and decline go through {@link Acknowledgements}, as by SMS or the web page; the
 * connection is recorded on the request's history.
 */
public final class PageScript implements AgiScript {
  private static final Logger LOG = LoggerFactory.getLogger(PageScript.class);
  /** Played to the customer before the technician speaks (Dial's {@code A()} option). */
  static final String CUSTOMER_ANNOUNCEMENT = "astreinte/page-annonce-client";

  /**
   * @param keyTimeout  how long the script waits for a key at the pickup check and the menu
   * @param menuRounds  menus played without a valid key before the call ends
   * @param dialTimeout how long the customer's phone rings when put through
   */
  public record Settings(Duration keyTimeout, int menuRounds, Duration dialTimeout) {
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(6), 3, Duration.ofSeconds(30));
    }
  }

  private final PageDirectory pages;
  private final Database database;
  private final Acknowledgements acknowledgements;
  private final Supplier<VoiceRoute> route;
  private final Clock clock;
  private final Settings settings;
  private final UnaryOperator<String> spoolPath;

  public PageScript(PageDirectory pages, Database database, Acknowledgements acknowledgements,
      Supplier<VoiceRoute> route, Clock clock, Settings settings) {
    this(pages, database, acknowledgements, route, clock, settings, UnaryOperator.identity());
  }

  /**
   * @param spoolPath a recorded message's path as this server sees the spool, to the path Asterisk sees
   *                  ({@code ASTREINTE_ASTERISK_VOICEMAIL_SPOOL}): {@code STREAM FILE} runs on the PBX
   */
  public PageScript(PageDirectory pages, Database database, Acknowledgements acknowledgements,
      Supplier<VoiceRoute> route, Clock clock, Settings settings, UnaryOperator<String> spoolPath) {
    this.pages = Objects.requireNonNull(pages, "pages");
    this.database = Objects.requireNonNull(database, "database");
    this.acknowledgements = Objects.requireNonNull(acknowledgements, "acknowledgements");
    this.route = Objects.requireNonNull(route, "route");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.spoolPath = Objects.requireNonNull(spoolPath, "spoolPath");
  }

  /** What the script says of request {@code number}, its message's path as Asterisk sees it. */
  private Optional<PageFacts> facts(String number) {
    return PageFacts.read(database, number, spoolPath);
  }

  @Override
  public void service(AgiRequest request, AgiChannel channel) {
    AgiCallChannel call = new AgiCallChannel(channel, request);
    String id = request.getParameter("id");
    Optional<PlacedPage> page = pages.find(id);
    if (page.isEmpty()) {
      LOG.warn("appel {} : page d'astreinte inconnue « {} »", request.getUniqueId(), id);
      end(call, "astreinte/page-inconnue");
      return;
    }
    Call c = new Call(call, channel, page.get());
    try {
      c.run();
    } catch (CallerHungUp gone) {
      String status = c.pickedUp ? "hung-up" : "hung-up-before-key";
      if (!c.acknowledged) {
        pages.record(page.get(), status, "le technicien a raccroché");
      }
      LOG.info("page {} (demande {}) : le technicien a raccroché ({})", id, page.get().requestNumber(), status);
    }
  }

  private static void end(AgiCallChannel call, String sound) {
    try {
      call.play(sound);
    } catch (CallerHungUp gone) {
      return;
    }
    call.hangup();
  }

  /** One answered page call. Confined to its call thread. */
  private final class Call {
    final AgiCallChannel call;
    final AgiChannel raw;
    final PlacedPage page;
    boolean pickedUp;
    boolean acknowledged;
    /** The request being presented: the page's, or in a grouped call each covered one in turn. */
    String request;

    Call(AgiCallChannel call, AgiChannel raw, PlacedPage page) {
      this.call = call;
      this.raw = raw;
      this.page = page;
      this.request = page.requestNumber();
    }

    void run() {
      OutboxMessage.Kind sentBy = pages.sentBy(page).orElse(OutboxMessage.Kind.PAGE);
      if (sentBy == OutboxMessage.Kind.CUSTOMER_CALL) {
        putThroughAsked();
        return;
      }
      // Issue 13: a call placed for a person page covers the open requests it was sent for.
      List<String> covered = sentBy == OutboxMessage.Kind.PERSON_PAGE ? acknowledgements.coveredBy(page.token())
          : List.of();
      if (covered.size() > 1) {
        grouped(covered);
        return;
      }
      if (covered.size() == 1) {
        request = covered.get(0);
      }
      Optional<PageFacts> facts = facts(request);
      if (facts.isEmpty()) {
        end(call, "astreinte/page-inconnue");
        return;
      }
      if (!facts.get().open()) {
        pages.record(page, "already-handled", null);
        end(call, "astreinte/page-deja-traitee");
        return;
      }
      if (!answeredByAPerson(null)) {
        return;
      }
      PageFacts f = facts.get();
      summary(f);
      int silent = 0;
      while (true) {
        Optional<String> key = call.readDigits("astreinte/page-menu", settings.keyTimeout(), 1);
        if (key.isEmpty()) {
          if (++silent >= settings.menuRounds()) {
            pages.record(page, "no-choice", null);
            end(call, "astreinte/page-sans-reponse");
            return;
          }
          continue;
        }
        switch (key.get()) {
          case "1" -> {
            acknowledge(acknowledgements.takeCharge(request, page.phone(), Channel.VOICE),
                "astreinte/page-prise-en-charge");
            return;
          }
          case "2" -> {
            acknowledge(acknowledgements.decline(request, page.phone(), Channel.VOICE),
                "astreinte/page-refus");
            return;
          }
          case "3" -> summary(facts(request).orElse(f));
          case "4" -> {
            takeChargeAndPutThrough(request, f.callbackNumber());
            return;
          }
          default -> call.play("astreinte/page-choix-invalide");
        }
      }
    }

    /**
     * A call covering several requests (issue 13): after the pickup check, « il y a N demandes en
     * attente », then each open request in turn, its summary and its keys: 1 take charge, 2 decline,
     * 3 next, 4 take charge and be put through to its customer (which ends the call).
     */
    void grouped(List<String> requests) {
      if (!answeredByAPerson(null)) {
        return;
      }
      call.play("astreinte/page-groupe-il-y-a");
      sayNumber(requests.size());
      call.play("astreinte/page-groupe-demandes");
      boolean first = true;
      for (String r : requests) {
        Optional<PageFacts> facts = facts(r);
        if (facts.isEmpty() || !facts.get().open()) {
          continue;
        }
        if (!first) {
          call.play("astreinte/page-groupe-suivante");
        }
        first = false;
        request = r;
        summary(facts.get());
        int silent = 0;
        boolean next = false;
        while (!next) {
          Optional<String> key = call.readDigits("astreinte/page-groupe-menu", settings.keyTimeout(), 1);
          if (key.isEmpty()) {
            if (++silent >= settings.menuRounds()) {
              pages.record(page, acknowledged ? "taken" : "no-choice", null);
              end(call, "astreinte/page-sans-reponse");
              return;
            }
            continue;
          }
          switch (key.get()) {
            case "1", "2" -> {
              boolean take = key.get().equals("1");
              Ack ack = take ? acknowledgements.takeCharge(r, page.phone(), Channel.VOICE)
                  : acknowledgements.decline(r, page.phone(), Channel.VOICE);
              LOG.info("page {} (appel groupé) : demande {} {} : {}", page.pageId(), r, take ? "prise en charge" : "refusée",
                  ack.outcome());
              if (ack.outcome() == Ack.Outcome.NOT_ALLOWED) {
                end(call, "astreinte/page-non-autorise");
                return;
              }
              boolean accepted = ack.outcome() == Ack.Outcome.ACCEPTED;
              acknowledged |= accepted;
              call.play(!accepted ? "astreinte/page-groupe-deja-traitee"
                  : take ? "astreinte/page-groupe-prise-en-charge" : "astreinte/page-groupe-refus");
              next = true;
            }
            case "3" -> next = true;
            case "4" -> {
              takeChargeAndPutThrough(r, facts.get().callbackNumber());
              return;
            }
            default -> call.play("astreinte/page-choix-invalide");
          }
        }
      }
      pages.record(page, acknowledged ? "taken" : "no-choice", null);
      end(call, "astreinte/page-groupe-fin");
    }

    /**
     * The call the technician asked for from their page, the request already taken in charge (issue 15):
     * the pickup check (a voicemail must not be put through to the customer), then the customer.
     */
    void putThroughAsked() {
      Optional<PageFacts> facts = facts(page.requestNumber());
      if (facts.isEmpty()) {
        end(call, "astreinte/page-inconnue");
        return;
      }
      if (!answeredByAPerson("mise en relation demandée depuis la page du technicien")) {
        return;
      }
      // Taken in charge before the call was asked: hanging up now is not a missed page.
      acknowledged = true;
      putThrough(facts.get().callbackNumber());
    }

    /**
     * The pickup check: true once a person pressed a key (recorded {@code answered}); a voicemail that took
     * the call presses none: recorded {@code no-key}, hung up, and the chain goes on.
     */
    boolean answeredByAPerson(String detail) {
      if (!pickupCheck()) {
        pages.record(page, "no-key", "aucune touche au contrôle de décroché (messagerie ?)");
        LOG.info("page {} (demande {}) : aucune touche au décroché, non comptée comme réponse", page.pageId(),
            request);
        call.hangup();
        return false;
      }
      pickedUp = true;
      pages.record(page, "answered", detail);
      return true;
    }

    /** Key 4: take charge of {@code number}, then be put through to its customer (the call ends with it). */
    void takeChargeAndPutThrough(String number, String callback) {
      Ack ack = acknowledgements.takeCharge(number, page.phone(), Channel.VOICE);
      if (ack.outcome() != Ack.Outcome.ACCEPTED) {
        acknowledge(ack, null);
        return;
      }
      acknowledged = true;
      pages.record(page, "taken", "prise en charge et mise en relation");
      putThrough(ack.customerPhone() != null ? ack.customerPhone() : callback);
    }

    /** Up to two invitations to press a key; true once one is pressed. */
    boolean pickupCheck() {
      for (int i = 0; i < 2; i++) {
        if (call.readDigits("astreinte/page-appuyez-touche", settings.keyTimeout(), 1).isPresent()) {
          return true;
        }
      }
      return false;
    }

    void summary(PageFacts f) {
      call.play("astreinte/page-demande");
      call.sayDigits(f.requestNumber());
      Priority p = f.priority();
      if (p != null) {
        call.play(switch (p) {
          case HIGH -> "astreinte/page-priorite-elevee";
          case MEDIUM -> "astreinte/page-priorite-moyenne";
          case LOW -> "astreinte/page-priorite-faible";
        });
      }
      long minutes = Math.max(0, Duration.between(f.createdAt(), clock.instant()).toMinutes());
      call.play("astreinte/page-il-y-a");
      sayNumber(minutes);
      call.play("astreinte/page-minutes");
      call.play("astreinte/page-nombre-messages");
      sayNumber(f.messages());
      boolean played = false;
      if (f.spoolMessage().isPresent()) {
        call.play("astreinte/page-dernier-message");
        played = call.play(f.spoolMessage().get());
      }
      if (!played) {
        call.play("astreinte/page-pas-de-message");
      }
    }

    void sayNumber(long n) {
      try {
        raw.sayNumber(Long.toString(n));
      } catch (AgiException e) {
        throw new CallerHungUp();
      }
    }

    /** Says what became of a take-charge or decline, then ends the call. */
    void acknowledge(Ack ack, String acceptedSound) {
      switch (ack.outcome()) {
        case ACCEPTED -> {
          acknowledged = true;
          pages.record(page, acceptedSound.endsWith("refus") ? "declined" : "taken", null);
          end(call, acceptedSound);
        }
        case NOT_ALLOWED -> end(call, "astreinte/page-non-autorise");
        default -> end(call, "astreinte/page-deja-traitee");
      }
    }

    /**
     * Key 4, after the take-charge: the customer is dialled with the support number as caller ID and hears
     * the announcement first. {@code EXEC Dial} blocks for the whole conversation; its answer says who
     * hung up first (section 6 of asterisk-wire-originate.md).
     */
    void putThrough(String customer) {
      VoiceRoute.Pbx pbx = route.get().pbx();
      if (pbx == null || customer == null || !Phones.isE164(customer)) {
        end(call, "astreinte/page-sans-numero-rappel");
        return;
      }
      call.play("astreinte/page-mise-en-relation");
      try {
        raw.setCallerId("\"Serveurcom\" <" + pbx.callerId() + ">");
      } catch (AgiException e) {
        throw new CallerHungUp();
      }
      Instant dialled = clock.instant();
      int code = call.exec("Dial", pbx.channel(customer) + "," + settings.dialTimeout().toSeconds()
          + ",A(" + CUSTOMER_ANNOUNCEMENT + ")");
      String status = null;
      Integer talk = null;
      try {
        status = call.variable("DIALSTATUS").orElse(null);
        talk = call.variable("ANSWEREDTIME").map(Integer::valueOf).orElse(null);
      } catch (CallerHungUp | NumberFormatException e) {
        // The technician hung up first: the reply order is not to be trusted after the HANGUP line.
      }
      if (status == null) {
        status = code == -1 ? "ANSWER" : "UNKNOWN";
      }
      acknowledgements.putThrough(request, page.phone(), dialled, status, talk);
      LOG.info("page {} (demande {}) : mise en relation avec {} : {}", page.pageId(), request,
          Phones.mask(customer), status);
      if (call.hungUp()) {
        return;
      }
      end(call, "ANSWER".equals(status) ? "astreinte/page-fin-appel-client" : "astreinte/page-client-injoignable");
    }
  }
}
