package com.serveurcom.astreinte.prompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Every {@code "astreinte/..."} sound name written in the call flow's source. */
final class SoundsInCode {
  private SoundsInCode() {}

  static Set<String> names() throws IOException {
    Pattern p = Pattern.compile("\"(astreinte/[a-z0-9-]+)\"");
    Set<String> names = new TreeSet<>();
    // The support line's flow, and the page script of voice pages through the PBX (issue 13).
    for (String folder : new String[] {"call", "pbx"}) {
      Path src = Path.of("src/main/java/com/serveurcom/astreinte/" + folder);
      try (Stream<Path> files = Files.walk(src)) {
        for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".java"))::iterator) {
          Matcher m = p.matcher(Files.readString(f));
          while (m.find()) {
            names.add(m.group(1));
          }
        }
      }
    }
    // Built at run time from the level: "astreinte/escalade-niveau-" + level.
    names.removeIf(n -> n.endsWith("-niveau-"));
    for (int level = 1; level <= 3; level++) {
      names.add("astreinte/escalade-niveau-" + level);
    }
    return names;
  }
}
