package com.serveurcom.astreinte.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a composed YAML node tree while collecting problems with the file, line and column of the
 * node at fault. Methods return null (or empty) after reporting, so a reader goes on and reports
 * every problem of a file in one pass.
 */
final class Yaml {
  private final String file;
  private final List<ConfigProblem> problems;

  Yaml(String file, List<ConfigProblem> problems) {
    this.file = file;
    this.problems = problems;
  }

  void problem(Node at, String message) {
    Optional<Mark> mark = at == null ? Optional.empty() : at.getStartMark();
    problems.add(new ConfigProblem(file,
        mark.map(m -> m.getLine() + 1).orElse(1), mark.map(m -> m.getColumn() + 1).orElse(1), message));
  }

  /**
   * The entries of a mapping, keyed by their text. Unknown keys and duplicates are reported at the
   * key; missing required keys at the mapping itself.
   */
  Map<String, Entry> map(Node node, String field, Set<String> allowed, Set<String> required) {
    if (!(node instanceof MappingNode m)) {
      problem(node, field + " : une table de clés est attendue");
      return null;
    }
    Map<String, Entry> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
      if (key == null) {
        problem(t.getKeyNode(), field + " : clé invalide");
      } else if (allowed != null && !allowed.contains(key)) {
        problem(t.getKeyNode(), "clé inconnue « " + key + " » dans " + field
            + " (clés possibles : " + String.join(", ", allowed) + ")");
      } else if (out.containsKey(key)) {
        problem(t.getKeyNode(), "clé « " + key + " » en double dans " + field);
      } else {
        out.put(key, new Entry(t.getKeyNode(), t.getValueNode()));
      }
    }
    for (String r : required) {
      if (!out.containsKey(r)) {
        problem(node, field + " : clé « " + r + " » manquante");
      }
    }
    return out;
  }

  List<Node> seq(Node node, String field) {
    if (node instanceof SequenceNode s) {
      return s.getValue();
    }
    if (node instanceof ScalarNode s && (s.getValue().isEmpty() || s.getValue().equals("~") || s.getValue().equals("null"))) {
      return List.of();
    }
    problem(node, field + " : une liste est attendue");
    return null;
  }

  String scalar(Node node, String field) {
    if (node instanceof ScalarNode s) {
      return s.getValue();
    }
    problem(node, field + " : une valeur simple est attendue");
    return null;
  }

  Boolean bool(Node node, String field) {
    String v = scalar(node, field);
    if (v == null) {
      return null;
    }
    switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "true": case "oui": return true;
      case "false": case "non": return false;
      default:
        problem(node, field + " : « " + v + " » n'est pas un booléen (oui/non, true/false)");
        return null;
    }
  }

  static <T> List<T> listOrEmpty(List<T> l) {
    return l == null ? new ArrayList<>() : l;
  }

  record Entry(Node key, Node value) {}
}
