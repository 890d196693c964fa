package com.serveurcom.astreinte.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {
  @TempDir Path dir;

  private ConfigWatcher watcher() throws IOException {
    ConfigLoaderTest.copyShipped(dir);
    AstreinteConfig initial = ((ConfigLoadResult.Valid) ConfigLoader.load(dir)).config();
    return new ConfigWatcher(dir, initial);
  }

  @Test
  void unchangedDirectoryDoesNothing() throws IOException {
    ConfigWatcher w = watcher();
    assertThat(w.checkNow()).isInstanceOf(ConfigWatcher.Outcome.Unchanged.class);
  }

  @Test
  void validChangeIsSwappedInWithASummaryOfWhatChanged() throws IOException {
    ConfigWatcher w = watcher();
    AstreinteConfig before = w.current();
    String sla = Files.readString(dir.resolve("sla.yaml")).replace("delai: \"30min\"", "delai: \"20min\"");
    Files.writeString(dir.resolve("sla.yaml"), sla);
    ConfigWatcher.Outcome o = w.checkNow();
    assertThat(o).isInstanceOf(ConfigWatcher.Outcome.Applied.class);
    assertThat(((ConfigWatcher.Outcome.Applied) o).changes())
        .containsExactly("sla high prise-en-charge : 30 min 24x7 -> 20 min 24x7");
    assertThat(w.current()).isNotSameAs(before);
    assertThat(w.current().sla().of(com.serveurcom.astreinte.ticket.Priority.HIGH).takeCharge().duration())
        .isEqualTo(Duration.ofMinutes(20));
    assertThat(w.checkNow()).isInstanceOf(ConfigWatcher.Outcome.Unchanged.class);
  }

  @Test
  void anEditedTextIsInForceAtOnceAndABadOneIsRefused() throws IOException {
    ConfigWatcher w = watcher();
    Path file = dir.resolve(ConfigLoader.MESSAGES);
    String shipped = Files.readString(file);
    Files.writeString(file, shipped.replace("est prise en charge par le technicien d'astreinte.",
        "est prise en charge : le technicien d'astreinte vous rappelle."));
    ConfigWatcher.Outcome o = w.checkNow();
    assertThat(((ConfigWatcher.Outcome.Applied) o).changes()).containsExactly("textes du pager modifiés : client.prise-en-charge");
    assertThat(w.current().messages().render(MessageTexts.Text.CUSTOMER_TAKEN, "demande", "26000001"))
        .isEqualTo("Serveurcom : votre demande 26000001 est prise en charge : le technicien d'astreinte vous rappelle.");
    AstreinteConfig good = w.current();
    Files.writeString(file, shipped.replace("votre demande {demande} est prise", "votre demande {ticket} est prise"));
    assertThat(w.checkNow()).isInstanceOf(ConfigWatcher.Outcome.Refused.class);
    assertThat(w.current()).isSameAs(good);
  }

  @Test
  void invalidChangeIsRefusedAndTheLastGoodConfigStays() throws IOException {
    ConfigWatcher w = watcher();
    AstreinteConfig before = w.current();
    Files.writeString(dir.resolve("horaires.yaml"), "fuseau: Europe/Paris\nhoraires:\n  lundi: [{debut: \"25:00\", fin: \"26:00\"}]\n");
    ConfigWatcher.Outcome o = w.checkNow();
    assertThat(o).isInstanceOf(ConfigWatcher.Outcome.Refused.class);
    assertThat(((ConfigWatcher.Outcome.Refused) o).problems()).isNotEmpty();
    assertThat(w.current()).isSameAs(before);
  }

  @Test
  void scheduledPollingNotifiesListeners() throws Exception {
    ConfigWatcher w = watcher();
    CountDownLatch changed = new CountDownLatch(1);
    w.onChange(c -> changed.countDown());
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
    try {
      w.start(ex, Duration.ofMillis(20));
      Files.writeString(dir.resolve("fermetures.yaml"), "fermetures:\n  - { date: \"2026-12-24\" }\n");
      assertThat(changed.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(w.current().calendar().definition().closures()).hasSize(1);
    } finally {
      w.close();
      ex.shutdownNow();
    }
  }

  @Test
  void theDigestNamesTheFilesInForceSoInstancesCanBeCompared(@TempDir Path other) throws IOException {
    ConfigWatcher w = watcher();
    String first = w.digest();
    assertThat(first).matches("sha256:[0-9a-f]{64}");
    // Another instance on a copy of the same files shows the same digest.
    ConfigLoaderTest.copyShipped(other);
    assertThat(new ConfigWatcher(other, w.current()).digest()).isEqualTo(first);

    // A refused change does not move it: the config in force is still the old one.
    String hours = Files.readString(dir.resolve("horaires.yaml"));
    Files.writeString(dir.resolve("horaires.yaml"), "fuseau: Europe/Paris\nhoraires:\n  lundi: [{debut: \"25:00\", fin: \"26:00\"}]\n");
    assertThat(w.checkNow()).isInstanceOf(ConfigWatcher.Outcome.Refused.class);
    assertThat(w.digest()).isEqualTo(first);

    // An applied one does; putting the old files back gives the old digest again.
    Files.writeString(dir.resolve("horaires.yaml"), hours);
    Files.writeString(dir.resolve("fermetures.yaml"), "fermetures:\n  - { date: \"2026-12-24\" }\n");
    assertThat(w.checkNow()).isInstanceOf(ConfigWatcher.Outcome.Applied.class);
    assertThat(w.digest()).isNotEqualTo(first).matches("sha256:[0-9a-f]{64}");
    Files.copy(other.resolve("fermetures.yaml"), dir.resolve("fermetures.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(w.checkNow()).isInstanceOf(ConfigWatcher.Outcome.Applied.class);
    assertThat(w.digest()).isEqualTo(first);
  }
}
