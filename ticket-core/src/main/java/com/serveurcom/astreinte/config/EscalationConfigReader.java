package com.serveurcom.astreinte.config;

import com.serveurcom.astreinte.escalation.Contact;
import com.serveurcom.astreinte.escalation.EscalationMatrix;
import com.serveurcom.astreinte.escalation.NoticeChannel;
import com.serveurcom.astreinte.ticket.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/** escalade.yaml into an {@link EscalationMatrix}: thresholds per priority, contacts per level. */
final class EscalationConfigReader {
  static final int MAX_LEVELS = 3;
  private static final Set<String> LEVEL_KEYS = new LinkedHashSet<>(List.of("niveau-1", "niveau-2", "niveau-3"));
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private EscalationConfigReader() {}

  static EscalationMatrix read(Node root, Yaml y) {
    Map<String, Yaml.Entry> top =
        y.map(root, "escalade.yaml", Set.of("seuils", "contacts", "mise-en-relation", "canaux"), Set.of("seuils", "contacts"));
    if (top == null || !top.containsKey("seuils") || !top.containsKey("contacts")) {
      return null;
    }
    boolean ok = true;
    String transfer = null;
    if (top.containsKey("mise-en-relation")) {
      Node n = top.get("mise-en-relation").value();
      transfer = y.scalar(n, "mise-en-relation");
      if (transfer == null) {
        ok = false;
      } else if (!transfer.contains("{numero}") || transfer.contains(",") || transfer.isBlank()) {
        y.problem(n, "mise-en-relation : chaîne de numérotation Asterisk contenant {numero} et sans virgule attendue,"
            + " par exemple \"PJSIP/{numero}@operateur\"");
        ok = false;
      }
    }
    Map<Priority, List<Duration>> thresholds = new EnumMap<>(Priority.class);
    Map<String, Yaml.Entry> byCode = SlaConfigReader.priorities(top.get("seuils").value(), "seuils", y);
    ok &= byCode != null && byCode.size() == 3;
    int levelsUsed = 0;
    if (byCode != null) {
      for (Map.Entry<String, Yaml.Entry> e : byCode.entrySet()) {
        String f = "seuils." + e.getKey();
        List<Node> items = y.seq(e.getValue().value(), f);
        if (items == null) {
          ok = false;
          continue;
        }
        if (items.size() > MAX_LEVELS) {
          y.problem(items.get(MAX_LEVELS), f + " : au plus " + MAX_LEVELS + " niveaux d'escalade");
          ok = false;
          continue;
        }
        List<Duration> levels = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
          Duration d = SlaConfigReader.duration(items.get(i), f + "[niveau " + (i + 1) + "]", y);
          if (d == null) {
            ok = false;
            break;
          }
          if (!levels.isEmpty() && d.compareTo(levels.get(levels.size() - 1)) <= 0) {
            y.problem(items.get(i), f + " : le seuil du niveau " + (i + 1) + " (" + DurationText.format(d)
                + ") doit être plus grand que celui du niveau " + i + " (" + DurationText.format(levels.get(i - 1)) + ")");
            ok = false;
            break;
          }
          levels.add(d);
        }
        thresholds.put(Priority.fromCode(e.getKey()), levels);
        levelsUsed = Math.max(levelsUsed, levels.size());
      }
    }
    Node contactsNode = top.get("contacts").value();
    Map<String, Yaml.Entry> byLevel = y.map(contactsNode, "contacts", LEVEL_KEYS, Set.of());
    Map<Integer, List<Contact>> contacts = new HashMap<>();
    if (byLevel == null) {
      return null;
    }
    for (int level = 1; level <= MAX_LEVELS; level++) {
      String key = "niveau-" + level;
      Yaml.Entry entry = byLevel.get(key);
      if (entry == null) {
        if (level <= levelsUsed) {
          y.problem(contactsNode, "contacts : aucun contact pour le niveau " + level + " (clé « " + key + " » manquante)");
          ok = false;
        }
        continue;
      }
      List<Node> items = y.seq(entry.value(), "contacts." + key);
      if (items == null) {
        ok = false;
        continue;
      }
      if (items.isEmpty() && level <= levelsUsed) {
        y.problem(entry.key(), "contacts." + key + " : au moins un contact est nécessaire pour le niveau " + level);
        ok = false;
      }
      List<Contact> list = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Contact c = contact(items.get(i), "contacts." + key + "[" + (i + 1) + "]", y);
        if (c == null) {
          ok = false;
        } else {
          list.add(c);
        }
      }
      contacts.put(level, List.copyOf(list));
    }
    Map<Integer, Set<NoticeChannel>> channels = new HashMap<>();
    if (top.containsKey("canaux")) {
      ok &= channels(top.get("canaux").value(), y, channels);
    }
    return ok ? new EscalationMatrix(thresholds, contacts, transfer, channels) : null;
  }

  /**
   * The optional {@code canaux} key: per level, the channels its managers are told by ({@code sms},
   * {@code appel}, {@code courriel}). A level not listed keeps the rule of files without the key.
   */
  private static boolean channels(Node node, Yaml y, Map<Integer, Set<NoticeChannel>> into) {
    Map<String, Yaml.Entry> byLevel = y.map(node, "canaux", LEVEL_KEYS, Set.of());
    if (byLevel == null) {
      return false;
    }
    boolean ok = true;
    for (Map.Entry<String, Yaml.Entry> e : byLevel.entrySet()) {
      String field = "canaux." + e.getKey();
      List<Node> items = y.seq(e.getValue().value(), field);
      if (items == null) {
        ok = false;
        continue;
      }
      if (items.isEmpty()) {
        y.problem(e.getValue().value(), field + " : au moins un canal est nécessaire (sms, appel, courriel)");
        ok = false;
        continue;
      }
      Set<NoticeChannel> set = EnumSet.noneOf(NoticeChannel.class);
      for (Node item : items) {
        String word = y.scalar(item, field);
        if (word == null) {
          ok = false;
          continue;
        }
        java.util.Optional<NoticeChannel> c = NoticeChannel.fromWord(word.strip());
        if (c.isEmpty()) {
          y.problem(item, field + " : canal inconnu « " + word + " » (possibles : sms, appel, courriel)");
          ok = false;
        } else {
          set.add(c.get());
        }
      }
      into.put(Integer.parseInt(e.getKey().substring("niveau-".length())), set);
    }
    return ok;
  }

  /** A {nom, telephone, email} contact; the rota's last-resort contact has the same shape. */
  static Contact contact(Node node, String field, Yaml y) {
    Map<String, Yaml.Entry> m = y.map(node, field, Set.of("nom", "telephone", "email"), Set.of("nom", "telephone", "email"));
    if (m == null || m.size() != 3) {
      return null;
    }
    String name = y.scalar(m.get("nom").value(), field + ".nom");
    Node pn = m.get("telephone").value();
    String phone = y.scalar(pn, field + ".telephone");
    Node en = m.get("email").value();
    String email = y.scalar(en, field + ".email");
    boolean ok = name != null && phone != null && email != null;
    if (name != null && name.isBlank()) {
      y.problem(m.get("nom").value(), field + ".nom : le nom est vide");
      ok = false;
    }
    if (phone != null && !Contact.E164.matcher(phone).matches()) {
      // The number itself is not repeated: problems also go to the logs, where numbers are masked.
      y.problem(pn, field + ".telephone : numéro invalide, attendu au format international E.164"
          + " (\"+\" puis 8 à 15 chiffres, exemple : \"+33272646172\")");
      ok = false;
    }
    if (email != null && !EMAIL.matcher(email).matches()) {
      y.problem(en, field + ".email : adresse e-mail invalide « " + email + " »");
      ok = false;
    }
    return ok ? new Contact(name, phone, email) : null;
  }
}
