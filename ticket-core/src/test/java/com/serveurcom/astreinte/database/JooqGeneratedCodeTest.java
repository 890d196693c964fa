package com.serveurcom.astreinte.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The committed jOOQ classes must be what the current migrations generate. */
class JooqGeneratedCodeTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private static final String HOW_TO_REGENERATE = "the committed jOOQ classes are out of date with the migrations;"
      + " regenerate them from the repository root with:\n"
      + "  mvn -B -q -pl ticket-core -am test-compile && mvn -B -q -pl ticket-core exec:java"
      + " -Dexec.classpathScope=test -Dexec.mainClass=com.serveurcom.astreinte.database.JooqGenerator\n"
      + "(see docs/database.md)";

  @Test
  void committedClassesMatchTheMigratedSchema(@TempDir Path tmp) throws Exception {
    try (Connection c = db.database().dataSource().getConnection()) {
      JooqGenerator.generate(c, tmp);
    }
    String packagePath = JooqGenerator.PACKAGE.replace('.', '/');
    Map<String, String> generated = read(tmp.resolve(packagePath));
    Map<String, String> committed = read(Path.of("src/main/java").resolve(packagePath));
    assertThat(generated).as("generated files").isNotEmpty();

    List<String> differences = new ArrayList<>();
    for (String file : generated.keySet()) {
      if (!committed.containsKey(file)) {
        differences.add("missing: " + file);
      } else if (!committed.get(file).equals(generated.get(file))) {
        differences.add("differs: " + file);
      }
    }
    for (String file : committed.keySet()) {
      if (!generated.containsKey(file)) {
        differences.add("not generated any more: " + file);
      }
    }
    assertThat(differences).as(HOW_TO_REGENERATE).isEmpty();
  }

  private static Map<String, String> read(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return files;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.readString(p).replace("\r\n", "\n"));
      }
    }
    return files;
  }
}
