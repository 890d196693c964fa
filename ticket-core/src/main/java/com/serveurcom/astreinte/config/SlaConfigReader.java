package com.serveurcom.astreinte.config;

import com.serveurcom.astreinte.sla.PriorityTargets;
import com.serveurcom.astreinte.sla.SlaClock;
import com.serveurcom.astreinte.sla.SlaTarget;
import com.serveurcom.astreinte.sla.SlaTargets;
import com.serveurcom.astreinte.ticket.Priority;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/** sla.yaml into {@link SlaTargets}. */
final class SlaConfigReader {
  static final Set<String> PRIORITIES = new LinkedHashSet<>(java.util.List.of("low", "medium", "high"));

  private SlaConfigReader() {}

  static SlaTargets read(Node root, Yaml y) {
    Map<String, Yaml.Entry> top = y.map(root, "sla.yaml", Set.of("cibles"), Set.of("cibles"));
    if (top == null || !top.containsKey("cibles")) {
      return null;
    }
    Map<String, Yaml.Entry> byCode = priorities(top.get("cibles").value(), "cibles", y);
    if (byCode == null) {
      return null;
    }
    boolean ok = byCode.size() == 3;
    Map<Priority, PriorityTargets> out = new EnumMap<>(Priority.class);
    for (Map.Entry<String, Yaml.Entry> e : byCode.entrySet()) {
      String f = "cibles." + e.getKey();
      Map<String, Yaml.Entry> m = y.map(e.getValue().value(), f,
          Set.of("prise-en-charge", "resolution"), Set.of("prise-en-charge", "resolution"));
      if (m == null || m.size() != 2) {
        ok = false;
        continue;
      }
      SlaTarget take = target(m.get("prise-en-charge").value(), f + ".prise-en-charge", y);
      SlaTarget resolve = target(m.get("resolution").value(), f + ".resolution", y);
      if (take == null || resolve == null) {
        ok = false;
      } else {
        out.put(Priority.fromCode(e.getKey()), new PriorityTargets(take, resolve));
      }
    }
    return ok ? new SlaTargets(out) : null;
  }

  /** A mapping keyed by priority code; unknown codes reported at the key, all three required. */
  static Map<String, Yaml.Entry> priorities(Node node, String field, Yaml y) {
    Map<String, Yaml.Entry> m = y.map(node, field, null, Set.of());
    if (m == null) {
      return null;
    }
    Map<String, Yaml.Entry> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Yaml.Entry> e : m.entrySet()) {
      if (PRIORITIES.contains(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      } else {
        y.problem(e.getValue().key(), field + " : priorité inconnue « " + e.getKey() + " » (priorités : low, medium, high)");
      }
    }
    for (String p : PRIORITIES) {
      if (!m.containsKey(p)) {
        y.problem(node, field + " : priorité « " + p + " » manquante");
      }
    }
    return out.size() == m.size() ? out : null;
  }

  private static SlaTarget target(Node node, String field, Yaml y) {
    Map<String, Yaml.Entry> m = y.map(node, field, Set.of("delai", "horloge"), Set.of("delai", "horloge"));
    if (m == null || m.size() != 2) {
      return null;
    }
    Duration d = duration(m.get("delai").value(), field + ".delai", y);
    Node cn = m.get("horloge").value();
    String c = y.scalar(cn, field + ".horloge");
    SlaClock clock = c == null ? null : SlaClock.fromCode(c).orElse(null);
    if (c != null && clock == null) {
      y.problem(cn, field + ".horloge : horloge inconnue « " + c + " » (24x7, business-hours ou business-days)");
    }
    return d == null || clock == null ? null : new SlaTarget(d, clock);
  }

  static Duration duration(Node node, String field, Yaml y) {
    String v = y.scalar(node, field);
    if (v == null) {
      return null;
    }
    Duration d = DurationText.parse(v);
    if (d == null || d.isZero()) {
      y.problem(node, field + " : durée invalide « " + v + " » (exemples : \"30min\", \"4h\", \"1h30\", \"2j\")");
      return null;
    }
    return d;
  }
}
