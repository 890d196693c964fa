package com.serveurcom.astreinte.web;

import com.serveurcom.astreinte.config.ConfigProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pages' templates as administrators edit them: HTML files in {@code config/web/} with the French words
 * in them and a small Mustache-like syntax, so the pages need no template compiler in the build.
 * {@code {{name}}} is escaped, {@code {{{name}}}} is not (only for what the code built itself),
 * {@code {{#name}}…{{/name}}} repeats over a list or shows when true, {@code {{^name}}…{{/name}}} shows when
 * false or empty, {@code {{>head}}} includes the common head and {@code {{! …}}} is a comment. Each template
 * may use only its own names ({@link #NAMES}): an unknown name, an unbalanced section or a missing file is a
 * config problem at FILE:LINE:COLUMN, like the other config files.
 */
public final class Templates {
  /** Each template, and the names it may use (its sections' names included). */
  static final Map<String, Set<String>> NAMES = names();
  /** Templates a page may include with {@code {{>name}}}; they include nothing themselves. */
  static final Set<String> PARTIALS = Set.of("head");

  private static Map<String, Set<String>> names() {
    Map<String, Set<String>> m = new LinkedHashMap<>();
    m.put("head", Set.of("title"));
    m.put("login", Set.of("title", "error"));
    m.put("refused", Set.of("title", "text"));
    m.put("board", Set.of("title", "csrf", "now", "nowMillis", "lineOpen", "lineReason", "lineNext", "override",
        "overrideOpen", "overrideSince", "overrideUntil", "onCall", "onCallPhone", "onCallUntil", "unknownTechnician",
        "backups", "nextOnCall", "nextName", "nextFrom", "requests", "number", "created", "status", "callback",
        "priority", "subject", "account", "pages", "deadline", "deadlineMillis", "escalations", "at", "level", "calls",
        "caller", "outcome", "seconds", "reportMonth", "reportSla", "reportOncall", "reportAvailability"));
    m.put("technician", Set.of("title", "notice", "technician", "missing", "number", "priority", "high", "subject",
        "contact", "contactPhone", "account", "callback", "created", "status", "ticketStatus", "open", "deadline",
        "deadlineMillis", "nowMillis", "handled", "messages", "index", "received", "seconds", "audio", "action", "csrf",
        "callUnavailable", "canCall"));
    return Map.copyOf(m);
  }

  private final Map<String, List<Node>> parsed;

  private Templates(Map<String, List<Node>> parsed) {
    this.parsed = Map.copyOf(parsed);
  }

  /** Reads every template of {@code dir}; each problem is added to {@code problems}. Null after a problem. */
  static Templates read(Path dir, List<ConfigProblem> problems) {
    Map<String, List<Node>> parsed = new LinkedHashMap<>();
    int before = problems.size();
    for (String name : NAMES.keySet()) {
      Path file = dir.resolve(name + ".html");
      String source;
      try {
        source = Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        problems.add(new ConfigProblem(file.toString(), 1, 1, "fichier introuvable"));
        continue;
      } catch (IOException e) {
        problems.add(new ConfigProblem(file.toString(), 1, 1, "lecture impossible : " + e.getMessage()));
        continue;
      }
      parsed.put(name, parse(source, file.toString(), NAMES.get(name), name.equals("head") ? Set.of() : PARTIALS,
          problems));
    }
    return problems.size() == before ? new Templates(parsed) : null;
  }

  /** The number of templates, for {@code config check}'s summary. */
  int size() {
    return parsed.size();
  }

  public String render(String name, Map<String, ?> model) {
    StringBuilder out = new StringBuilder(4096);
    Deque<Object> context = new ArrayDeque<>();
    context.push(model);
    write(template(name), context, out);
    return out.toString();
  }

  private List<Node> template(String name) {
    List<Node> t = parsed.get(name);
    if (t == null) {
      throw new IllegalArgumentException("modèle " + name + " inconnu");
    }
    return t;
  }

  private sealed interface Node permits Text, Value, Section, Partial {}

  private record Text(String text) implements Node {}

  private record Value(String name, boolean escape) implements Node {}

  private record Section(String name, boolean inverted, List<Node> body) implements Node {}

  private record Partial(String name) implements Node {}

  /**
   * Parses a template's text; each problem (unbalanced section, unknown name or partial, unclosed tag) goes to
   * {@code problems} with its line and column.
   */
  static List<Node> parse(String source, String file, Set<String> names, Set<String> partials,
      List<ConfigProblem> problems) {
    Deque<List<Node>> stack = new ArrayDeque<>();
    Deque<String> open = new ArrayDeque<>();
    Deque<Integer> openAt = new ArrayDeque<>();
    Deque<Boolean> inverted = new ArrayDeque<>();
    stack.push(new ArrayList<>());
    int i = 0;
    while (i < source.length()) {
      int start = source.indexOf("{{", i);
      if (start < 0) {
        stack.peek().add(new Text(source.substring(i)));
        break;
      }
      if (start > i) {
        stack.peek().add(new Text(source.substring(i, start)));
      }
      boolean triple = source.startsWith("{{{", start);
      int end = source.indexOf(triple ? "}}}" : "}}", start);
      if (end < 0) {
        problems.add(at(file, source, start, "balise « {{ » jamais fermée par « }} »"));
        break;
      }
      String tag = source.substring(start + (triple ? 3 : 2), end).strip();
      i = end + (triple ? 3 : 2);
      if (tag.startsWith("!")) {
        continue;
      }
      String name = triple ? tag : tag.replaceFirst("^[#^/>]", "").strip();
      if (tag.startsWith(">")) {
        if (partials.contains(name)) {
          stack.peek().add(new Partial(name));
        } else {
          problems.add(at(file, source, start, "{{>" + name + "}} : modèle inclus inconnu (possibles : "
              + (partials.isEmpty() ? "aucun ici" : String.join(", ", new TreeSet<>(partials))) + ")"));
        }
        continue;
      }
      if (!name.equals(".") && !names.contains(name)) {
        problems.add(at(file, source, start, "{{" + tag + "}} : « " + name + " » n'est pas une valeur connue de ce modèle"
            + " (possibles : " + String.join(", ", new TreeSet<>(names)) + ")"));
      }
      if (triple) {
        stack.peek().add(new Value(name, false));
      } else if (tag.startsWith("#") || tag.startsWith("^")) {
        open.push(name);
        openAt.push(start);
        inverted.push(tag.startsWith("^"));
        stack.push(new ArrayList<>());
      } else if (tag.startsWith("/")) {
        if (open.isEmpty() || !open.peek().equals(name)) {
          problems.add(at(file, source, start, "{{/" + name + "}} ne ferme aucune section ouverte"
              + (open.isEmpty() ? "" : " (la section ouverte est {{#" + open.peek() + "}})")));
          continue;
        }
        List<Node> body = stack.pop();
        openAt.pop();
        stack.peek().add(new Section(open.pop(), inverted.pop(), List.copyOf(body)));
      } else {
        stack.peek().add(new Value(name, true));
      }
    }
    while (!open.isEmpty()) {
      problems.add(at(file, source, openAt.pop(), "{{" + (inverted.pop() ? "^" : "#") + open.pop()
          + "}} jamais fermé par {{/…}}"));
      stack.pop();
    }
    return List.copyOf(stack.getLast());
  }

  private static ConfigProblem at(String file, String source, int offset, String message) {
    int line = 1;
    int lineStart = 0;
    for (int k = 0; k < offset; k++) {
      if (source.charAt(k) == '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    return new ConfigProblem(file, line, offset - lineStart + 1, message);
  }

  private void write(List<Node> nodes, Deque<Object> context, StringBuilder out) {
    for (Node node : nodes) {
      if (node instanceof Text t) {
        out.append(t.text());
      } else if (node instanceof Value v) {
        Object value = lookup(v.name(), context);
        String s = value == null ? "" : String.valueOf(value instanceof Optional<?> o ? o.map(Object::toString).orElse("") : value);
        out.append(v.escape() ? escape(s) : s);
      } else if (node instanceof Partial p) {
        write(template(p.name()), context, out);
      } else if (node instanceof Section s) {
        Object value = lookup(s.name(), context);
        if (s.inverted()) {
          if (!truthy(value)) {
            write(s.body(), context, out);
          }
        } else if (value instanceof Collection<?> items) {
          for (Object item : items) {
            context.push(item);
            write(s.body(), context, out);
            context.pop();
          }
        } else if (value instanceof Boolean) {
          if ((Boolean) value) {
            write(s.body(), context, out);
          }
        } else if (truthy(value)) {
          context.push(value);
          write(s.body(), context, out);
          context.pop();
        }
      }
    }
  }

  private static boolean truthy(Object value) {
    if (value == null || Boolean.FALSE.equals(value)) {
      return false;
    }
    if (value instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (value instanceof Optional<?> o) {
      return o.isPresent();
    }
    return !(value instanceof String s) || !s.isEmpty();
  }

  private static Object lookup(String name, Deque<Object> context) {
    if (name.equals(".")) {
      return context.peek();
    }
    for (Object frame : context) {
      if (frame instanceof Map<?, ?> m && m.containsKey(name)) {
        return m.get(name);
      }
    }
    return null;
  }

  /** HTML-escapes text for an element's content or a quoted attribute. */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
