package com.serveurcom.astreinte.config;

import com.serveurcom.astreinte.escalation.Contact;
import com.serveurcom.astreinte.rota.OnCallScope;
import com.serveurcom.astreinte.rota.PageLimits;
import com.serveurcom.astreinte.rota.PagingTimings;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.rota.RotaOverride;
import com.serveurcom.astreinte.rota.Rotation;
import com.serveurcom.astreinte.rota.Technician;
import com.serveurcom.astreinte.rota.VoiceRoute;
import com.serveurcom.astreinte.ticket.Priority;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * astreinte.yaml into a {@link Rota}: technicians, weekly rotation, dated overrides, backup chain,
 * last-resort contact, paging timings and on-call scope. Times are local to the calendar's zone
 * (horaires.yaml), so the rota and the opening hours cannot disagree on what "09:00" means.
 */
final class RotaConfigReader {
  static final String FILE = "astreinte.yaml";
  private static final Set<String> TOP = new LinkedHashSet<>(List.of(
      "techniciens", "rotation", "remplacements", "secours", "dernier-recours", "relances", "perimetre", "voix",
      "limites-envoi"));
  private static final Set<String> REQUIRED = Set.of("techniciens", "rotation", "secours", "dernier-recours", "relances", "perimetre");
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm")
      .withResolverStyle(java.time.format.ResolverStyle.STRICT);

  private RotaConfigReader() {}

  /** The rota, and the node of the rotation (where a coverage gap is reported: the rotation is what leaves it). */
  record Parsed(Rota rota, Node rotationNode) {}

  static Parsed read(Node root, Yaml y, ZoneId zone) {
    Map<String, Yaml.Entry> top = y.map(root, FILE, TOP, REQUIRED);
    if (top == null) {
      return null;
    }
    boolean ok = top.keySet().containsAll(REQUIRED);
    Map<String, Technician> technicians = new LinkedHashMap<>();
    if (top.containsKey("techniciens")) {
      ok &= technicians(top.get("techniciens").value(), y, technicians);
    }
    Rotation rotation = top.containsKey("rotation") ? rotation(top.get("rotation").value(), y, zone, technicians) : null;
    ok &= rotation != null;
    List<RotaOverride> overrides = new ArrayList<>();
    if (top.containsKey("remplacements")) {
      ok &= overrides(top.get("remplacements").value(), y, zone, technicians, overrides);
    }
    List<String> backups = top.containsKey("secours") ? ids(top.get("secours").value(), "secours", y, technicians) : null;
    ok &= backups != null;
    Contact lastResort = top.containsKey("dernier-recours")
        ? EscalationConfigReader.contact(top.get("dernier-recours").value(), "dernier-recours", y) : null;
    ok &= lastResort != null;
    PagingTimings timings = top.containsKey("relances") ? timings(top.get("relances").value(), y) : null;
    ok &= timings != null;
    OnCallScope scope = top.containsKey("perimetre") ? scope(top.get("perimetre").value(), y) : null;
    ok &= scope != null;
    VoiceRoute voice = top.containsKey("voix") ? voice(top.get("voix").value(), y) : VoiceRoute.TWILIO_ONLY;
    ok &= voice != null;
    PageLimits limits = top.containsKey("limites-envoi") ? limits(top.get("limites-envoi").value(), y)
        : PageLimits.defaults();
    ok &= limits != null;
    if (!ok) {
      return null;
    }
    return new Parsed(new Rota(List.copyOf(technicians.values()), rotation, overrides, backups, lastResort, timings, scope,
        voice, limits),
        top.get("rotation").key());
  }

  private static boolean technicians(Node node, Yaml y, Map<String, Technician> out) {
    List<Node> items = y.seq(node, "techniciens");
    if (items == null) {
      return false;
    }
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      String f = "techniciens[" + (i + 1) + "]";
      Map<String, Yaml.Entry> m = y.map(items.get(i), f, Set.of("id", "nom", "mobile"), Set.of("id", "nom", "mobile"));
      if (m == null || m.size() != 3) {
        ok = false;
        continue;
      }
      Node idNode = m.get("id").value();
      String id = y.scalar(idNode, f + ".id");
      String name = y.scalar(m.get("nom").value(), f + ".nom");
      Node mn = m.get("mobile").value();
      String mobile = y.scalar(mn, f + ".mobile");
      boolean good = id != null && name != null && mobile != null;
      if (id != null && id.isBlank()) {
        y.problem(idNode, f + ".id : l'identifiant est vide");
        good = false;
      } else if (id != null && out.containsKey(id)) {
        y.problem(idNode, f + ".id : identifiant « " + id + " » en double (chaque technicien a un id unique)");
        good = false;
      }
      if (name != null && name.isBlank()) {
        y.problem(m.get("nom").value(), f + ".nom : le nom est vide");
        good = false;
      }
      if (mobile != null && !Contact.E164.matcher(mobile).matches()) {
        // The number itself is not repeated: problems also go to the logs, where numbers are masked.
        y.problem(mn, f + ".mobile : numéro invalide, attendu au format international E.164"
            + " (\"+\" puis 8 à 15 chiffres, exemple : \"+33639980001\")");
        good = false;
      }
      if (good) {
        out.put(id, new Technician(id, name, mobile));
      } else {
        // The id is still declared (null value: the rota is not built after a problem), so that a
        // bad phone is one problem, not one more per reference to that technician.
        if (id != null && !id.isBlank()) {
          out.putIfAbsent(id, null);
        }
        ok = false;
      }
    }
    return ok;
  }

  private static Rotation rotation(Node node, Yaml y, ZoneId zone, Map<String, Technician> technicians) {
    Map<String, Yaml.Entry> m = y.map(node, "rotation", Set.of("ordre", "passation", "debut-cycle"),
        Set.of("ordre", "passation", "debut-cycle"));
    if (m == null || m.size() != 3) {
      return null;
    }
    List<String> order = ids(m.get("ordre").value(), "rotation.ordre", y, technicians);
    DayOfWeek day = null;
    LocalTime time = null;
    Map<String, Yaml.Entry> p = y.map(m.get("passation").value(), "rotation.passation", Set.of("jour", "heure"), Set.of("jour", "heure"));
    if (p != null && p.size() == 2) {
      Node dn = p.get("jour").value();
      String d = y.scalar(dn, "rotation.passation.jour");
      if (d != null) {
        day = CalendarConfigReader.DAYS.get(d.trim().toLowerCase(java.util.Locale.ROOT));
        if (day == null) {
          y.problem(dn, "rotation.passation.jour : jour inconnu « " + d + " » (jours possibles : "
              + String.join(", ", CalendarConfigReader.DAYS.keySet()) + ")");
        }
      }
      time = time(p.get("heure").value(), "rotation.passation.heure", y);
    }
    Node sn = m.get("debut-cycle").value();
    LocalDate start = CalendarConfigReader.date(sn, "rotation.debut-cycle", y);
    if (start != null && day != null && start.getDayOfWeek() != day) {
      y.problem(sn, "rotation.debut-cycle : le " + start + " est un " + dayName(start.getDayOfWeek())
          + ", or la passation a lieu le " + dayName(day));
      return null;
    }
    if (order == null || day == null || time == null || start == null) {
      return null;
    }
    return new Rotation(order, day, time, start, zone);
  }

  private static boolean overrides(Node node, Yaml y, ZoneId zone, Map<String, Technician> technicians, List<RotaOverride> out) {
    List<Node> items = y.seq(node, "remplacements");
    if (items == null) {
      return false;
    }
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      String f = "remplacements[" + (i + 1) + "]";
      Map<String, Yaml.Entry> m = y.map(items.get(i), f, Set.of("du", "au", "technicien", "motif"), Set.of("du", "au", "technicien"));
      if (m == null || !m.keySet().containsAll(Set.of("du", "au", "technicien"))) {
        ok = false;
        continue;
      }
      LocalDateTime from = dateTime(m.get("du").value(), f + ".du", y);
      Node toNode = m.get("au").value();
      LocalDateTime to = dateTime(toNode, f + ".au", y);
      String tech = technicianRef(m.get("technicien").value(), f + ".technicien", y, technicians);
      String reason = m.containsKey("motif") ? y.scalar(m.get("motif").value(), f + ".motif") : null;
      if (from == null || to == null || tech == null) {
        ok = false;
        continue;
      }
      Instant a = from.atZone(zone).toInstant();
      Instant b = to.atZone(zone).toInstant();
      if (!b.isAfter(a)) {
        y.problem(toNode, f + ".au : la fin (" + to.format(LOCAL) + ") doit être après le début (" + from.format(LOCAL) + ")");
        ok = false;
        continue;
      }
      out.add(new RotaOverride(a, b, tech, reason));
    }
    return ok;
  }

  /** A list of technician ids, each of which must be listed under « techniciens ». */
  private static List<String> ids(Node node, String field, Yaml y, Map<String, Technician> technicians) {
    List<Node> items = y.seq(node, field);
    if (items == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      String id = technicianRef(items.get(i), field + "[" + (i + 1) + "]", y, technicians);
      if (id == null) {
        ok = false;
      } else {
        out.add(id);
      }
    }
    return ok ? out : null;
  }

  private static String technicianRef(Node node, String field, Yaml y, Map<String, Technician> technicians) {
    String id = y.scalar(node, field);
    if (id != null && !technicians.containsKey(id)) {
      y.problem(node, field + " : technicien inconnu « " + id + " » (techniciens : "
          + (technicians.isEmpty() ? "aucun" : String.join(", ", technicians.keySet())) + ")");
      return null;
    }
    return id;
  }

  /** The {@code voix} section: which provider places voice pages, the fallback, and how the PBX dials. */
  private static VoiceRoute voice(Node node, Yaml y) {
    Set<String> keys = new LinkedHashSet<>(List.of("fournisseur", "secours", "asterisk"));
    Map<String, Yaml.Entry> m = y.map(node, "voix", keys, Set.of("fournisseur"));
    if (m == null || !m.containsKey("fournisseur")) {
      return null;
    }
    String provider = y.scalar(m.get("fournisseur").value(), "voix.fournisseur");
    String fallback = m.containsKey("secours") ? y.scalar(m.get("secours").value(), "voix.secours") : "aucun";
    if (provider == null || fallback == null) {
      return null;
    }
    boolean ok = true;
    Set<String> providers = Set.of(VoiceRoute.ASTERISK, VoiceRoute.TWILIO);
    if (!providers.contains(provider)) {
      y.problem(m.get("fournisseur").value(), "voix.fournisseur : « " + provider + " » inconnu (asterisk ou twilio)");
      ok = false;
    }
    if (!providers.contains(fallback) && !fallback.equals("aucun")) {
      y.problem(m.get("secours").value(), "voix.secours : « " + fallback + " » inconnu (asterisk, twilio ou aucun)");
      ok = false;
    }
    if (ok && provider.equals(VoiceRoute.ASTERISK) && fallback.equals("aucun")) {
      // Announcements (escalation notices, messages without a request, the watchdog's self-alarm) are free
      // French texts: the operator's Asterisk has no French speech, so only the fallback can say them. Never
      // fine: a message without a request can come at any time, and its voice part would go unsaid.
      y.problem(m.containsKey("secours") ? m.get("secours").value() : m.get("fournisseur").value(),
          "voix.secours : « aucun » impossible avec fournisseur: asterisk ; Asterisk n'a pas de synthèse vocale"
              + " française et ne peut pas dire les annonces (avis d'escalade, messages sans demande, auto-alarme) :"
              + " mettre secours: twilio");
      ok = false;
    }
    boolean asterisk = provider.equals(VoiceRoute.ASTERISK) || fallback.equals(VoiceRoute.ASTERISK);
    VoiceRoute.Pbx pbx = null;
    if (m.containsKey("asterisk")) {
      pbx = pbx(m.get("asterisk").value(), y);
      ok &= pbx != null;
    } else if (asterisk) {
      y.problem(m.get("fournisseur").key(), "voix.asterisk : section requise quand Asterisk place les appels");
      ok = false;
    }
    if (!ok) {
      return null;
    }
    return new VoiceRoute(provider, fallback.equals("aucun") ? java.util.Optional.empty() : java.util.Optional.of(fallback),
        pbx);
  }

  private static VoiceRoute.Pbx pbx(Node node, Yaml y) {
    Set<String> keys = new LinkedHashSet<>(List.of("numerotation", "forme-numero", "numero-appelant", "nom-appelant",
        "sonnerie", "contexte"));
    Map<String, Yaml.Entry> m = y.map(node, "voix.asterisk", keys, Set.of("numerotation", "numero-appelant"));
    if (m == null || !m.containsKey("numerotation") || !m.containsKey("numero-appelant")) {
      return null;
    }
    boolean ok = true;
    String dial = y.scalar(m.get("numerotation").value(), "voix.asterisk.numerotation");
    if (dial != null && !dial.contains(VoiceRoute.Pbx.NUMBER)) {
      y.problem(m.get("numerotation").value(), "voix.asterisk.numerotation : « " + dial + " » ne contient pas "
          + VoiceRoute.Pbx.NUMBER + " (exemple : PJSIP/{numero}@trunk-operateur)");
      ok = false;
    }
    VoiceRoute.NumberForm form = VoiceRoute.NumberForm.E164;
    if (m.containsKey("forme-numero")) {
      String f = y.scalar(m.get("forme-numero").value(), "voix.asterisk.forme-numero");
      try {
        form = VoiceRoute.NumberForm.parse(String.valueOf(f));
      } catch (IllegalArgumentException e) {
        y.problem(m.get("forme-numero").value(), "voix.asterisk.forme-numero : « " + f + " » inconnue (e164 ou national)");
        ok = false;
      }
    }
    String caller = y.scalar(m.get("numero-appelant").value(), "voix.asterisk.numero-appelant");
    if (caller != null && !caller.matches("\\+[1-9][0-9]{6,14}")) {
      y.problem(m.get("numero-appelant").value(), "voix.asterisk.numero-appelant : « " + caller
          + " » n'est pas au format international E.164 (exemple : \"+33272646172\")");
      ok = false;
    }
    String name = m.containsKey("nom-appelant") ? y.scalar(m.get("nom-appelant").value(), "voix.asterisk.nom-appelant")
        : "Serveurcom astreinte";
    Duration ring = m.containsKey("sonnerie") ? ringTime(m.get("sonnerie").value(), y) : Duration.ofSeconds(30);
    if (ring != null && (ring.compareTo(Duration.ofSeconds(10)) < 0 || ring.compareTo(Duration.ofMinutes(2)) > 0)) {
      y.problem(m.get("sonnerie").value(), "voix.asterisk.sonnerie : entre 10 s et 2 min");
      ok = false;
    }
    String context = m.containsKey("contexte") ? y.scalar(m.get("contexte").value(), "voix.asterisk.contexte")
        : "astreinte-page";
    if (!ok || dial == null || caller == null || name == null || ring == null || context == null) {
      return null;
    }
    return new VoiceRoute.Pbx(dial, form, caller, name, ring, context);
  }

  /** A ring time in seconds ({@code "30s"}, {@code "45 s"}) or as the other durations ({@code "1min"}). */
  private static Duration ringTime(Node node, Yaml y) {
    String text = y.scalar(node, "voix.asterisk.sonnerie");
    if (text == null) {
      return null;
    }
    java.util.regex.Matcher sec = java.util.regex.Pattern.compile("(\\d{1,3})\\s*s").matcher(text.strip());
    if (sec.matches()) {
      return Duration.ofSeconds(Long.parseLong(sec.group(1)));
    }
    return SlaConfigReader.duration(node, "voix.asterisk.sonnerie", y);
  }

  /**
   * The {@code limites-envoi} section (issue 13): per person and for the whole server, per channel
   * ({@code sms}, {@code appels}), a list of {@code { nombre: N, par: "15min" }}; and {@code appel-en-cours},
   * how long a call without a final status still holds the person's next call. A missing part keeps its
   * default ({@link PageLimits#defaults()}).
   */
  private static PageLimits limits(Node node, Yaml y) {
    PageLimits d = PageLimits.defaults();
    Map<String, Yaml.Entry> m = y.map(node, "limites-envoi", Set.of("par-personne", "global", "appel-en-cours"), Set.of());
    if (m == null) {
      return null;
    }
    boolean ok = true;
    List<List<PageLimits.Rule>> person = List.of(d.personSms(), d.personVoice());
    if (m.containsKey("par-personne")) {
      person = channelRules(m.get("par-personne").value(), "limites-envoi.par-personne", y, person);
      ok &= person != null;
    }
    List<List<PageLimits.Rule>> global = List.of(d.globalSms(), d.globalVoice());
    if (m.containsKey("global")) {
      global = channelRules(m.get("global").value(), "limites-envoi.global", y, global);
      ok &= global != null;
    }
    Duration underWay = d.callUnderWay();
    if (m.containsKey("appel-en-cours")) {
      Node n = m.get("appel-en-cours").value();
      underWay = SlaConfigReader.duration(n, "limites-envoi.appel-en-cours", y);
      if (underWay != null && (underWay.compareTo(Duration.ofMinutes(1)) < 0 || underWay.compareTo(Duration.ofMinutes(30)) > 0)) {
        y.problem(n, "limites-envoi.appel-en-cours : entre 1 min et 30 min");
        underWay = null;
      }
      ok &= underWay != null;
    }
    return ok ? new PageLimits(person.get(0), person.get(1), global.get(0), global.get(1), underWay) : null;
  }

  /** {@code sms} and {@code appels}, each a list of rules; a channel left out keeps {@code defaults}. */
  private static List<List<PageLimits.Rule>> channelRules(Node node, String field, Yaml y,
      List<List<PageLimits.Rule>> defaults) {
    Map<String, Yaml.Entry> m = y.map(node, field, Set.of("sms", "appels"), Set.of());
    if (m == null) {
      return null;
    }
    List<PageLimits.Rule> sms = m.containsKey("sms") ? rules(m.get("sms").value(), field + ".sms", y) : defaults.get(0);
    List<PageLimits.Rule> voice = m.containsKey("appels") ? rules(m.get("appels").value(), field + ".appels", y)
        : defaults.get(1);
    return sms == null || voice == null ? null : List.of(sms, voice);
  }

  private static List<PageLimits.Rule> rules(Node node, String field, Yaml y) {
    List<Node> items = y.seq(node, field);
    if (items == null) {
      return null;
    }
    if (items.isEmpty()) {
      y.problem(node, field + " : au moins une limite ({ nombre: 1, par: \"1min\" })");
      return null;
    }
    List<PageLimits.Rule> out = new ArrayList<>();
    boolean ok = true;
    for (Node item : items) {
      Map<String, Yaml.Entry> r = y.map(item, field, Set.of("nombre", "par"), Set.of("nombre", "par"));
      if (r == null || r.size() != 2) {
        ok = false;
        continue;
      }
      Node countNode = r.get("nombre").value();
      String countText = y.scalar(countNode, field + ".nombre");
      Integer count = null;
      if (countText != null && countText.matches("\\d{1,6}") && Integer.parseInt(countText) >= 1) {
        count = Integer.parseInt(countText);
      } else if (countText != null) {
        y.problem(countNode, field + ".nombre : « " + countText + " » n'est pas un nombre entier positif");
      }
      Node perNode = r.get("par").value();
      Duration per = SlaConfigReader.duration(perNode, field + ".par", y);
      if (per != null && (per.compareTo(Duration.ofSeconds(10)) < 0 || per.compareTo(Duration.ofHours(24)) > 0)) {
        y.problem(perNode, field + ".par : entre 10 s et 24 h");
        per = null;
      }
      if (count == null || per == null) {
        ok = false;
        continue;
      }
      out.add(new PageLimits.Rule(count, per));
    }
    return ok ? out : null;
  }

  private static PagingTimings timings(Node node, Yaml y) {
    Set<String> keys = new LinkedHashSet<>(List.of("intervalle", "secours-apres", "delai-prise-en-charge"));
    Map<String, Yaml.Entry> m = y.map(node, "relances", keys, keys);
    if (m == null || m.size() != 3) {
      return null;
    }
    Duration retry = SlaConfigReader.duration(m.get("intervalle").value(), "relances.intervalle", y);
    Duration backups = SlaConfigReader.duration(m.get("secours-apres").value(), "relances.secours-apres", y);
    Node wn = m.get("delai-prise-en-charge").value();
    Duration window = SlaConfigReader.duration(wn, "relances.delai-prise-en-charge", y);
    if (retry == null || backups == null || window == null) {
      return null;
    }
    boolean ok = true;
    if (backups.compareTo(retry) <= 0) {
      y.problem(m.get("secours-apres").value(), "relances.secours-apres : le délai avant les secours ("
          + DurationText.format(backups) + ") doit être plus long que l'intervalle des relances (" + DurationText.format(retry) + ")");
      ok = false;
    }
    if (window.compareTo(PagingTimings.MAX_WINDOW) > 0) {
      y.problem(wn, "relances.delai-prise-en-charge : " + DurationText.format(window) + " dépasse l'engagement de prise en charge"
          + " de l'astreinte (" + DurationText.format(PagingTimings.MAX_WINDOW) + " au plus)");
      ok = false;
    } else if (window.compareTo(backups) <= 0) {
      y.problem(wn, "relances.delai-prise-en-charge : le délai de prise en charge (" + DurationText.format(window)
          + ") doit être plus long que le délai avant les secours (" + DurationText.format(backups) + ")");
      ok = false;
    }
    return ok ? new PagingTimings(retry, backups, window) : null;
  }

  private static OnCallScope scope(Node node, Yaml y) {
    Map<String, Yaml.Entry> m = y.map(node, "perimetre", Set.of("priorites", "services"), Set.of("priorites", "services"));
    if (m == null || m.size() != 2) {
      return null;
    }
    Set<Priority> priorities = EnumSet.noneOf(Priority.class);
    boolean ok = codes(m.get("priorites"), "perimetre.priorites", SlaConfigReader.PRIORITIES, "une priorité", "priorité inconnue", y,
        c -> priorities.add(Priority.fromCode(c)));
    Set<String> services = new LinkedHashSet<>();
    ok &= codes(m.get("services"), "perimetre.services", OnCallScope.SERVICE_CODES, "un service", "service inconnu", y, services::add);
    return ok ? new OnCallScope(priorities, services) : null;
  }

  /** A non-empty list of codes out of {@code allowed}. */
  private static boolean codes(Yaml.Entry entry, String field, Set<String> allowed, String one, String unknown, Yaml y,
      java.util.function.Consumer<String> sink) {
    List<Node> items = y.seq(entry.value(), field);
    if (items == null) {
      return false;
    }
    if (items.isEmpty()) {
      y.problem(entry.key(), field + " : au moins " + one + " est nécessaire");
      return false;
    }
    boolean ok = true;
    for (Node n : items) {
      String c = y.scalar(n, field);
      if (c == null) {
        ok = false;
      } else if (!allowed.contains(c)) {
        y.problem(n, field + " : " + unknown + " « " + c + " » (possibles : " + String.join(", ", allowed) + ")");
        ok = false;
      } else {
        sink.accept(c);
      }
    }
    return ok;
  }

  private static LocalTime time(Node node, String field, Yaml y) {
    String v = y.scalar(node, field);
    if (v == null) {
      return null;
    }
    try {
      if (v.matches("\\d{2}:\\d{2}")) {
        return LocalTime.parse(v);
      }
    } catch (DateTimeException e) {
      // reported below
    }
    y.problem(node, field + " : heure invalide « " + v + " », attendu \"HH:MM\" entre 00:00 et 23:59");
    return null;
  }

  private static LocalDateTime dateTime(Node node, String field, Yaml y) {
    String v = y.scalar(node, field);
    if (v == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(v.trim(), LOCAL);
    } catch (DateTimeException e) {
      y.problem(node, field + " : date et heure invalides « " + v + " », attendu \"AAAA-MM-JJ HH:MM\"");
      return null;
    }
  }

  static String dayName(DayOfWeek d) {
    for (Map.Entry<String, DayOfWeek> e : CalendarConfigReader.DAYS.entrySet()) {
      if (e.getValue() == d) {
        return e.getKey();
      }
    }
    throw new IllegalArgumentException(String.valueOf(d));
  }
}
