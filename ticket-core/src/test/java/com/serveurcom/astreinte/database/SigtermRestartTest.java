package com.serveurcom.astreinte.database;

import static com.serveurcom.astreinte.database.generated.Tables.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process holding the embedded database is stopped with SIGTERM; a new start on the same data
 * directory finds the data.
 */
class SigtermRestartTest {

  /** The child process: starts the database, writes a row, says READY, waits to be killed. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      Database db = Database.start(DatabaseConfig.embedded(Path.of(args[0])));
      db.dsl().insertInto(ACCOUNT).set(ACCOUNT.NAME, args[1]).execute();
      System.out.println("READY");
      System.out.flush();
      Thread.sleep(120_000);
      db.close();
    }
  }

  @Test
  void dataSurvivesASigtermOfTheProcess(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        Child.class.getName(), data.toString(), "Sigterm SAS"))
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean ready = false;
      while ((line = out.readLine()) != null) {
        if (line.equals("READY")) {
          ready = true;
          break;
        }
      }
      assertThat(ready).as("child process started its database").isTrue();
      child.destroy(); // SIGTERM
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    try (Database again = Database.start(DatabaseConfig.embedded(data))) {
      assertThat(again.dsl().fetchExists(ACCOUNT, ACCOUNT.NAME.eq("Sigterm SAS"))).isTrue();
    }
  }
}
