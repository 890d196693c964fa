package com.serveurcom.astreinte.web;

import com.serveurcom.astreinte.config.ConfigProblem;
import com.serveurcom.astreinte.config.Placeholders;
import com.serveurcom.astreinte.config.YamlFile;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The sentences the web pages build in code (notices, refusals, states, who handled a request), as
 * administrators wrote them in {@code config/web/}{@value #FILE}, the way {@code messages.yaml} holds the
 * pager's. Every text of {@link Text} must be there and may use only its own placeholders; the two date
 * formats must be valid {@link DateTimeFormatter} patterns. Problems are reported at FILE:LINE:COLUMN.
 */
public final class PageTexts {
  public static final String FILE = "textes.yaml";
  private static final Pattern PLACEHOLDER = Placeholders.PATTERN;

  /** Every text, its key in the file and the placeholders it may use. */
  public enum Text {
    TITLE_BOARD("titre.tableau"),
    TITLE_LOGIN("titre.connexion"),
    TITLE_REQUEST("titre.demande"),
    TITLE_LINK_REFUSED("titre.lien-refuse"),
    TITLE_LINK_EXPIRED("titre.lien-expire"),
    TITLE_ACTION_REFUSED("titre.action-refusee"),
    TITLE_ACTION_UNKNOWN("titre.action-inconnue"),
    TITLE_REQUEST_MISSING("titre.demande-introuvable"),
    TITLE_REPORT_FAILED("titre.rapport-impossible"),
    LOGIN_OTHER_SITE("connexion.autre-site"),
    LOGIN_WRONG("connexion.incorrecte"),
    LOGIN_TOO_MANY_FROM_ADDRESS("connexion.trop-d-essais", "minutes"),
    LOGIN_TOO_MANY_OVERALL("connexion.trop-d-essais-en-tout", "minutes"),
    LOGIN_SESSION_EXPIRED("connexion.session-expiree"),
    LOGIN_FOR_REPORTS("connexion.pour-les-rapports"),
    BOARD_OTHER_SITE("tableau.formulaire-etranger"),
    BOARD_UNKNOWN_MODE("tableau.mode-inconnu"),
    BOARD_REPORT_FAILED("tableau.rapport-impossible"),
    LINE_HOURS("ligne.heures-d-ouverture"),
    LINE_OUTSIDE_HOURS("ligne.hors-heures"),
    LINE_WEEKEND("ligne.week-end"),
    LINE_HOLIDAY("ligne.jour-ferie"),
    LINE_CLOSURE("ligne.fermeture"),
    LINE_EXCEPTIONAL_OPENING("ligne.ouverture-exceptionnelle"),
    LINE_OVERRIDE("ligne.forcage"),
    REQUEST_PENDING("demande.en-attente"),
    REQUEST_PAGING("demande.technicien-alerte"),
    REQUEST_TAKEN("demande.prise-en-charge"),
    REQUEST_DECLINED("demande.refusee"),
    REQUEST_EXPIRED("demande.expiree"),
    TICKET_NEW("ticket.nouvelle"),
    TICKET_IN_PROGRESS("ticket.en-cours"),
    TICKET_WAITING_CUSTOMER("ticket.en-attente-du-client"),
    TICKET_RESOLVED("ticket.resolue"),
    TICKET_CLOSED("ticket.cloturee"),
    PRIORITY_LOW("priorite.faible"),
    PRIORITY_MEDIUM("priorite.moyenne"),
    PRIORITY_HIGH("priorite.elevee"),
    DEADLINE_TAKE_CHARGE("echeance.prise-en-charge"),
    DEADLINE_RESOLVE("echeance.resolution"),
    CHANNEL_SMS("canal.sms"),
    CHANNEL_VOICE("canal.appel"),
    CHANNEL_WEB("canal.web"),
    CALLER_HIDDEN("appelant.masque"),
    PAGE_OTHER_SITE("technicien.formulaire-etranger"),
    PAGE_REQUEST_MISSING("technicien.demande-introuvable"),
    PAGE_ALREADY_HANDLED("technicien.deja-traitee"),
    PAGE_TAKEN("technicien.prise-en-charge"),
    PAGE_DECLINED("technicien.refus"),
    PAGE_REASON_MISSING("technicien.raison-manquante"),
    PAGE_ACTION_UNKNOWN("technicien.action-inconnue"),
    PAGE_LINKS_OFF("technicien.liens-desactives"),
    PAGE_LINK_INVALID("technicien.lien-invalide"),
    PAGE_LINK_EXPIRED("technicien.lien-expire"),
    PAGE_LINK_STRANGER("technicien.lien-inconnu"),
    PAGE_CALL_ASKED("technicien.appel-demande"),
    PAGE_CALL_UNDER_WAY("technicien.appel-en-cours"),
    PAGE_CALL_TOO_MANY("technicien.appel-trop-nombreux"),
    PAGE_CALL_UNAVAILABLE("technicien.appel-indisponible", "rappel"),
    PAGE_TAKEN_BY("technicien.prise-en-charge-par", "par", "quand"),
    PAGE_DECLINED_BY("technicien.refusee-par", "par", "quand", "motif"),
    PAGE_DECLINE_REASON("technicien.motif-du-refus", "motif"),
    PAGE_EXPIRED("technicien.expiree"),
    FORMAT_DATE("format.date"),
    FORMAT_SHORT_DATE("format.date-courte");

    private final String key;
    private final Set<String> placeholders;

    Text(String key, String... placeholders) {
      this.key = key;
      this.placeholders = Set.copyOf(Arrays.asList(placeholders));
    }

    public String key() {
      return key;
    }
  }

  private final Map<Text, String> texts;

  private PageTexts(Map<Text, String> texts) {
    this.texts = new EnumMap<>(texts);
  }

  /** The text of {@code t} with its placeholders filled: {@code name, value, name, value...}; a missing value is empty. */
  public String render(Text t, Object... namesAndValues) {
    return Placeholders.fill(texts.get(t), namesAndValues);
  }

  public String text(Text t) {
    return texts.get(t);
  }

  int size() {
    return texts.size();
  }

  /** The file {@code dir/}{@value #FILE}, every problem added to {@code problems}; null after a problem. */
  static PageTexts read(Path dir, List<ConfigProblem> problems) {
    Path file = dir.resolve(FILE);
    String label = file.toString();
    Node root = YamlFile.compose(file, problems);
    if (root == null) {
      return null;
    }
    if (!(root instanceof MappingNode mapping)) {
      problems.add(problem(label, root, "une table « clé: texte » est attendue"));
      return null;
    }
    int before = problems.size();
    Map<String, Text> byKey = new HashMap<>();
    for (Text t : Text.values()) {
      byKey.put(t.key, t);
    }
    Map<Text, String> texts = new EnumMap<>(Text.class);
    for (NodeTuple tuple : mapping.getValue()) {
      String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
      Text t = key == null ? null : byKey.get(key);
      if (t == null) {
        problems.add(problem(label, tuple.getKeyNode(), "clé inconnue « " + key + " » (les textes possibles sont"
            + " ceux du fichier livré)"));
        continue;
      }
      if (texts.containsKey(t)) {
        problems.add(problem(label, tuple.getKeyNode(), "clé « " + key + " » en double"));
        continue;
      }
      if (!(tuple.getValueNode() instanceof ScalarNode value)) {
        problems.add(problem(label, tuple.getValueNode(), key + " : un texte est attendu"));
        continue;
      }
      String s = value.getValue();
      Set<String> unknown = new LinkedHashSet<>();
      Matcher m = PLACEHOLDER.matcher(s);
      while (m.find()) {
        if (!t.placeholders.contains(m.group(1))) {
          unknown.add(m.group(1));
        }
      }
      for (String p : unknown) {
        problems.add(problem(label, value, key + " : {" + p + "} n'est pas une valeur connue de ce texte (possibles : "
            + (t.placeholders.isEmpty() ? "aucune"
                : String.join(", ", new TreeSet<>(t.placeholders).stream().map(n -> "{" + n + "}").toList())) + ")"));
      }
      if (t == Text.FORMAT_DATE || t == Text.FORMAT_SHORT_DATE) {
        try {
          DateTimeFormatter.ofPattern(s, Locale.FRENCH);
        } catch (IllegalArgumentException e) {
          problems.add(problem(label, value, key + " : format de date invalide (" + e.getMessage() + ")"));
        }
      }
      texts.put(t, s);
    }
    for (Text t : Text.values()) {
      if (!texts.containsKey(t)) {
        problems.add(problem(label, mapping, "texte « " + t.key + " » manquant"));
      }
    }
    return problems.size() == before ? new PageTexts(texts) : null;
  }

  private static ConfigProblem problem(String label, Node at, String message) {
    Optional<Mark> mark = at == null ? Optional.empty() : at.getStartMark();
    return new ConfigProblem(label, mark.map(m -> m.getLine() + 1).orElse(1), mark.map(m -> m.getColumn() + 1).orElse(1),
        message);
  }
}
