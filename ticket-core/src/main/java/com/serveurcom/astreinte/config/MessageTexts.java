package com.serveurcom.astreinte.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The French texts people read or hear from the pager (SMS and calls to technicians, managers and
 * customers, the pager's self-alarm), as administrators wrote them in {@value #FILE}. Every text of
 * {@link Text} must be there, and may use only its own placeholders ({@code {demande}}...): a reload
 * with an unknown placeholder or a missing text is refused like any config error, so a send never
 * finds a text it cannot fill.
 */
public final class MessageTexts {
  public static final String FILE = "messages.yaml";
  private static final Pattern PLACEHOLDER = Placeholders.PATTERN;

  /** Every text, its key in the file and the placeholders it may use. */
  public enum Text {
    PAGE_SMS("page.sms", "motif", "demande", "priorite", "client", "rappel", "changement-rappel", "duree"),
    PAGE_REASON("page.motif", "motifs"),
    PAGE_REASON_STEP("page.motif-relance", "etape"),
    PAGE_REASON_NEW_MESSAGE("page.motif-nouveau-message"),
    PAGE_REASON_BACKUP("page.motif-renfort"),
    PAGE_REASON_LAST_RESORT("page.motif-dernier-recours"),
    PAGE_PRIORITY("page.priorite", "priorite"),
    PAGE_ACCOUNT("page.client", "client"),
    PAGE_CALLBACK_CHANGED("page.changement-rappel", "ancien-rappel"),
    MESSAGE_LENGTH("message.duree", "secondes"),
    PRIORITY_LOW("priorite.faible"),
    PRIORITY_MEDIUM("priorite.moyenne"),
    PRIORITY_HIGH("priorite.elevee"),
    VOICE_PAGE("voix.page", "demande", "priorite", "client", "rappel"),
    VOICE_WITHOUT_CALLBACK("voix.sans-rappel", "demande"),
    VOICE_PUT_THROUGH_FAILED("voix.mise-en-relation-impossible", "demande", "rappel"),
    VOICE_UNKNOWN_ACCOUNT("voix.client-inconnu"),
    VOICE_MENU("voix.menu"),
    VOICE_NO_ANSWER("voix.sans-reponse"),
    VOICE_TAKEN("voix.prise-en-charge"),
    VOICE_DECLINED("voix.refus"),
    VOICE_NOT_UNDERSTOOD("voix.choix-non-reconnu"),
    VOICE_TAKEN_WITHOUT_CALLBACK("voix.prise-en-charge-sans-rappel"),
    VOICE_NO_LONGER_WAITING("voix.plus-en-attente"),
    VOICE_UNKNOWN_REQUEST("voix.demande-inconnue"),
    VOICE_GOODBYE("voix.au-revoir"),
    REPLY_TAKEN("reponse.prise-en-charge", "demande"),
    REPLY_CALL_CUSTOMER("reponse.rappeler-client", "rappel"),
    REPLY_DECLINED("reponse.refus", "demande"),
    REPLY_ALREADY_HANDLED("reponse.deja-traitee", "demande"),
    REPLY_UNKNOWN_REQUEST("reponse.inconnue", "demande"),
    REPLY_NOT_ALLOWED("reponse.non-autorise", "demande"),
    REPLY_NOT_UNDERSTOOD("reponse.non-comprise"),
    REPLY_ERROR("reponse.erreur"),
    REPLY_TAKEN_MANY("reponse.prises-en-charge", "demandes"),
    REPLY_NOTHING_WAITING("reponse.aucune-en-attente"),
    GROUP_SMS("groupe.sms", "nombre", "demandes", "motif"),
    GROUP_SMS_REQUEST("groupe.demande", "demande", "priorite"),
    GROUP_SMS_MORE("groupe.autres", "nombre"),
    GROUP_PRIORITY("groupe.priorite", "priorite"),
    GROUP_VOICE("groupe.voix", "nombre"),
    GROUP_VOICE_MENU("groupe.voix-menu"),
    GROUP_VOICE_NEXT("groupe.voix-suivante"),
    GROUP_VOICE_END("groupe.voix-fin"),
    ORPHAN_SMS("orphelin.sms", "reference", "demande-indiquee", "appelant", "duree", "lien"),
    ORPHAN_KEYED_REQUEST("orphelin.demande-indiquee", "demande"),
    ORPHAN_CALLER("orphelin.appelant", "appelant"),
    ORPHAN_CALLER_UNKNOWN("orphelin.appelant-inconnu"),
    ORPHAN_LINK("orphelin.lien", "lien"),
    ORPHAN_VOICE("orphelin.voix", "reference", "appelant"),
    ORPHAN_VOICE_CALLER("orphelin.voix-appelant", "appelant"),
    CUSTOMER_TAKEN("client.prise-en-charge", "demande"),
    CUSTOMER_DECLINED("client.refus", "demande", "reprise"),
    CUSTOMER_DECLINED_RESUME("client.refus-reprise", "quand"),
    LATE_REFUSAL_CALL("refus-differe.appel", "heure"),
    LATE_REFUSAL_UNKNOWN("refus-differe.requete-inconnue", "appel", "demande", "quand"),
    LATE_REFUSAL_CLOSED("refus-differe.requete-cloturee", "appel", "demande", "quand"),
    LATE_REFUSAL_NOT_ONCALL("refus-differe.hors-astreinte", "appel", "demande", "motif", "quand"),
    LATE_REFUSAL_AT_OPENING("refus-differe.a-la-reouverture", "reouverture"),
    LATE_REFUSAL_BUSINESS_HOURS("refus-differe.aux-heures-ouvrees"),
    REASON_PRIORITY("motif.priorite-hors-astreinte"),
    REASON_NO_ONCALL_OPTION("motif.sans-option-astreinte"),
    REASON_SERVICE_NOT_COVERED("motif.service-non-couvert"),
    REASON_NON_COMPLIANT("motif.requete-non-conforme"),
    ESCALATION("escalade.sms", "niveau", "demande"),
    DEADLINE_TAKE_CHARGE("echeance.prise-en-charge", "demande"),
    DEADLINE_RESOLVE("echeance.resolution", "demande"),
    DEADLINE_OTHER("echeance.autre", "demande", "precision"),
    DEADLINE_DETAIL("echeance.precision", "echeance"),
    ALARM_OUTBOX_LATE("alarme.file-en-retard", "minutes"),
    ALARM_SMS_FAILING("alarme.sms-en-echec"),
    ALARM_VOICE_FAILING("alarme.appels-en-echec"),
    ALARM_AMI_DOWN("alarme.asterisk-coupe", "minutes"),
    ALARM_DATABASE_DOWN("alarme.base-coupee", "minutes", "journal"),
    ALARM_JOURNAL_EMPTY("alarme.journal-vide"),
    ALARM_JOURNAL_ONE("alarme.journal-un"),
    ALARM_JOURNAL_MANY("alarme.journal-plusieurs", "messages"),
    MAIL_GREETING("courriel.bonjour", "nom"),
    MAIL_GREETING_NO_NAME("courriel.bonjour-sans-nom"),
    MAIL_LINK("courriel.lien", "lien"),
    MAIL_DEADLINE_TAKE_CHARGE("courriel.echeance-prise-en-charge"),
    MAIL_DEADLINE_RESOLVE("courriel.echeance-resolution"),
    MAIL_ESCALATION_SUBJECT("courriel.escalade.objet", "demande", "niveau", "echeance", "client"),
    MAIL_ESCALATION_BODY("courriel.escalade.corps", "bonjour", "demande", "client", "priorite", "objet", "echeance",
        "echeance-a", "depassement", "niveau", "lien"),
    MAIL_WARNING_SUBJECT("courriel.echeance.objet", "demande", "echeance", "client"),
    MAIL_WARNING_BODY("courriel.echeance.corps", "bonjour", "demande", "client", "priorite", "objet", "echeance",
        "echeance-a", "assigne", "lien"),
    MAIL_WARNING_ASSIGNEE("courriel.echeance.assigne", "assigne"),
    MAIL_WARNING_UNASSIGNED("courriel.echeance.non-assignee"),
    MAIL_CUSTOMER_REGISTERED_SUBJECT("courriel.client-enregistree.objet", "demande"),
    MAIL_CUSTOMER_REGISTERED_BODY("courriel.client-enregistree.corps", "bonjour", "demande", "recu-a", "delai"),
    MAIL_CUSTOMER_TAKEN_SUBJECT("courriel.client-prise-en-charge.objet", "demande"),
    MAIL_CUSTOMER_TAKEN_BODY("courriel.client-prise-en-charge.corps", "bonjour", "demande", "par", "a"),
    MAIL_CUSTOMER_DECLINED_SUBJECT("courriel.client-refus.objet", "demande"),
    MAIL_CUSTOMER_DECLINED_BODY("courriel.client-refus.corps", "bonjour", "demande", "a", "motif", "reprise"),
    MAIL_DECLINE_RESUME("courriel.client-refus.reprise", "quand"),
    MAIL_DECLINE_REASON("courriel.client-refus.motif", "motif"),
    MAIL_ALARM_SUBJECT("courriel.alarme.objet"),
    MAIL_ALARM_BODY("courriel.alarme.corps", "bonjour", "alarme", "a");

    private final String key;
    private final Set<String> placeholders;

    Text(String key, String... placeholders) {
      this.key = key;
      this.placeholders = Set.copyOf(Arrays.asList(placeholders));
    }

    public String key() {
      return key;
    }

    public Set<String> placeholders() {
      return placeholders;
    }
  }

  private final Map<Text, String> texts;

  private MessageTexts(Map<Text, String> texts) {
    this.texts = new EnumMap<>(texts);
  }

  /** @throws IllegalArgumentException when a text is missing or uses a placeholder it does not have */
  public static MessageTexts of(Map<Text, String> texts) {
    List<String> wrong = new ArrayList<>();
    for (Text t : Text.values()) {
      String s = texts.get(t);
      if (s == null) {
        wrong.add("texte « " + t.key + " » manquant");
      } else {
        unknownPlaceholders(t, s).forEach(p -> wrong.add(t.key + " : {" + p + "} inconnu"));
      }
    }
    if (!wrong.isEmpty()) {
      throw new IllegalArgumentException(String.join(" ; ", wrong));
    }
    return new MessageTexts(texts);
  }

  /** The text of {@code t} with its placeholders filled: {@code name, value, name, value...}; a missing value is empty. */
  public String render(Text t, Object... namesAndValues) {
    return Placeholders.fill(texts.get(t), namesAndValues);
  }

  public String text(Text t) {
    return texts.get(t);
  }

  private static Set<String> unknownPlaceholders(Text t, String template) {
    Set<String> unknown = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!t.placeholders.contains(m.group(1))) {
        unknown.add(m.group(1));
      }
    }
    return unknown;
  }

  /** Reads the file's mapping, reporting each problem at its key or value. Null after a problem. */
  static MessageTexts read(Node root, Yaml y) {
    Set<String> keys = new LinkedHashSet<>();
    Arrays.stream(Text.values()).forEach(t -> keys.add(t.key));
    Map<String, Yaml.Entry> entries = y.map(root, FILE, keys, keys);
    if (entries == null) {
      return null;
    }
    Map<Text, String> texts = new EnumMap<>(Text.class);
    boolean ok = entries.size() == keys.size();
    for (Text t : Text.values()) {
      Yaml.Entry e = entries.get(t.key);
      if (e == null) {
        continue;
      }
      String s = y.scalar(e.value(), t.key);
      if (s == null) {
        ok = false;
        continue;
      }
      Set<String> unknown = unknownPlaceholders(t, s);
      for (String p : unknown) {
        y.problem(e.value(), t.key + " : {" + p + "} n'est pas une valeur connue de ce texte (possibles : "
            + (t.placeholders.isEmpty() ? "aucune" : t.placeholders.stream().sorted().map(n -> "{" + n + "}")
                .reduce((a, b) -> a + ", " + b).orElse("")) + ")");
      }
      ok &= unknown.isEmpty();
      texts.put(t, s);
    }
    return ok ? new MessageTexts(texts) : null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageTexts m && m.texts.equals(texts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(texts);
  }
}
