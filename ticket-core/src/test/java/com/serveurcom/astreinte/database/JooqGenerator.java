package com.serveurcom.astreinte.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Target;

/**
 * Generates the jOOQ classes of package {@value #PACKAGE} from the schema that the Flyway
 * migrations build in a real (embedded) PostgreSQL.
 *
 * <p>Regenerate after changing a migration, from the repository root:
 *
 * <pre>
 * mvn -B -q -pl ticket-core -am test-compile
 * mvn -B -q -pl ticket-core exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.serveurcom.astreinte.database.JooqGenerator
 * </pre>
 *
 * (see docs/database.md). {@code JooqGeneratedCodeTest} fails when the committed classes differ.
 */
public final class JooqGenerator {
  public static final String PACKAGE = "com.serveurcom.astreinte.database.generated";

  private JooqGenerator() {}

  public static void main(String[] args) throws Exception {
    Path target = Path.of(args.length > 0 ? args[0] : defaultTarget());
    Path dataDir = Files.createTempDirectory("astreinte-jooq-");
    try (com.serveurcom.astreinte.database.Database db =
        com.serveurcom.astreinte.database.Database.start(DatabaseConfig.embedded(dataDir))) {
      try (Connection connection = db.dataSource().getConnection()) {
        generate(connection, target);
      }
    } finally {
      deleteRecursively(dataDir);
    }
    System.out.println("jOOQ classes written under " + target.toAbsolutePath());
  }

  private static String defaultTarget() {
    // Works from the repository root and from the ticket-core directory.
    return Files.isDirectory(Path.of("ticket-core")) ? "ticket-core/src/main/java" : "src/main/java";
  }

  /** Generates into {@code targetDirectory} (a source root) from an already migrated database. */
  public static void generate(Connection connection, Path targetDirectory) throws Exception {
    Configuration configuration = new Configuration()
        .withGenerator(new Generator()
            .withDatabase(new Database()
                .withName("org.jooq.meta.postgres.PostgresDatabase")
                .withInputSchema("public")
                .withOutputSchemaToDefault(true)
                .withIncludes(".*")
                .withExcludes("flyway_schema_history")
                .withIncludeRoutines(false)
                .withIncludeSequences(false))
            .withGenerate(new Generate()
                .withGeneratedAnnotation(false)
                .withRecords(true)
                .withPojos(false)
                .withDaos(false)
                .withJavaTimeTypes(true)
                .withComments(true)
                .withSources(false)
                .withSourcesOnViews(false))
            .withTarget(new Target()
                .withPackageName(PACKAGE)
                .withDirectory(targetDirectory.toAbsolutePath().toString())
                .withClean(true)));
    GenerationTool tool = new GenerationTool();
    tool.setConnection(connection);
    tool.run(configuration);
  }

  static void deleteRecursively(Path root) throws java.io.IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
