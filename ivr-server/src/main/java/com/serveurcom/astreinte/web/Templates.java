package com.serveurcom.astreinte.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pages' templates: HTML files under {@code /web/} on the class path, with the French words in them and
 * a small Mustache-like syntax, so the pages need no template compiler in the build. {@code {{name}}} is
 * escaped, {@code {{{name}}}} is not (only for what the code built itself), {@code {{#name}}…{{/name}}}
 * repeats over a list or shows when true, {@code {{^name}}…{{/name}}} shows when false or empty, and
 * {@code {{>name}}} includes another template. Templates are parsed once.
 */
public final class Templates {
  private final String root;
  private final Map<String, List<Node>> parsed = new ConcurrentHashMap<>();

  /** @param root class path folder, e.g. {@code /web/} */
  public Templates(String root) {
    this.root = root.endsWith("/") ? root : root + "/";
  }

  public String render(String name, Map<String, ?> model) {
    StringBuilder out = new StringBuilder(4096);
    Deque<Object> context = new ArrayDeque<>();
    context.push(model);
    write(template(name), context, out);
    return out.toString();
  }

  private List<Node> template(String name) {
    return parsed.computeIfAbsent(name, n -> {
      try (InputStream in = Templates.class.getResourceAsStream(root + n + ".html")) {
        if (in == null) {
          throw new IllegalArgumentException("modèle " + root + n + ".html introuvable");
        }
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), n);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private sealed interface Node permits Text, Value, Section, Partial {}

  private record Text(String text) implements Node {}

  private record Value(String name, boolean escape) implements Node {}

  private record Section(String name, boolean inverted, List<Node> body) implements Node {}

  private record Partial(String name) implements Node {}

  static List<Node> parse(String source, String templateName) {
    Deque<List<Node>> stack = new ArrayDeque<>();
    Deque<String> open = new ArrayDeque<>();
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
        throw new IllegalArgumentException(templateName + " : balise non fermée à la position " + start);
      }
      String tag = source.substring(start + (triple ? 3 : 2), end).strip();
      i = end + (triple ? 3 : 2);
      if (triple) {
        stack.peek().add(new Value(tag, false));
      } else if (tag.startsWith("#") || tag.startsWith("^")) {
        open.push(tag.substring(1).strip());
        inverted.push(tag.startsWith("^"));
        stack.push(new ArrayList<>());
      } else if (tag.startsWith("/")) {
        String name = tag.substring(1).strip();
        if (open.isEmpty() || !open.peek().equals(name)) {
          throw new IllegalArgumentException(templateName + " : {{/" + name + "}} ne ferme aucune section ouverte");
        }
        List<Node> body = stack.pop();
        stack.peek().add(new Section(open.pop(), inverted.pop(), List.copyOf(body)));
      } else if (tag.startsWith(">")) {
        stack.peek().add(new Partial(tag.substring(1).strip()));
      } else if (!tag.startsWith("!")) {
        stack.peek().add(new Value(tag, true));
      }
    }
    if (!open.isEmpty()) {
      throw new IllegalArgumentException(templateName + " : {{#" + open.peek() + "}} jamais fermé");
    }
    return List.copyOf(stack.pop());
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
