package com.serveurcom.astreinte.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config directory when its files change. We poll a digest of the files' contents
 * rather than use a WatchService: editors replace files in odd ways (rename, truncate-then-write),
 * WatchService misses some on network and container mounts, and five small files cost nothing to
 * hash once a second. A valid change is swapped in atomically and logged with what changed; an
 * invalid one is refused, its problems logged, and the last good config stays in force.
 */
public final class ConfigWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

  /** What one check did. */
  public sealed interface Outcome {
    record Unchanged() implements Outcome {}

    record Applied(AstreinteConfig config, List<String> changes) implements Outcome {}

    record Refused(List<ConfigProblem> problems) implements Outcome {}
  }

  private final Path dir;
  private final Function<Path, ConfigLoadResult> loader;
  private final AtomicReference<AstreinteConfig> current;
  private final List<Consumer<AstreinteConfig>> listeners = new CopyOnWriteArrayList<>();
  private byte[] lastDigest;
  /** The digest of the files whose config is in force (a refused change does not move it). */
  private volatile String inForce;
  private ScheduledFuture<?> task;

  /** @param loader normally {@code ConfigLoader::load}; injectable for tests */
  public ConfigWatcher(Path dir, AstreinteConfig initial, Function<Path, ConfigLoadResult> loader) {
    this.dir = dir;
    this.loader = loader;
    this.current = new AtomicReference<>(initial);
    this.lastDigest = filesDigest();
    this.inForce = hex(lastDigest);
    LOG.info("configuration en vigueur : {}", inForce);
  }

  public ConfigWatcher(Path dir, AstreinteConfig initial) {
    this(dir, initial, ConfigLoader::load);
  }

  /** The config in force; read it for each decision rather than keeping it. */
  public AstreinteConfig current() {
    return current.get();
  }

  /**
   * {@code sha256:<hex>} of the config files' bytes (names and contents, in {@link ConfigLoader#FILES}
   * order) behind the config in force: instances that show the same digest decide with the same
   * config. Logged at start and at each reload.
   */
  public String digest() {
    return inForce;
  }

  /** Called with the new config after each applied change. */
  public void onChange(Consumer<AstreinteConfig> listener) {
    listeners.add(listener);
  }

  /** Checks the directory once; the scheduled task calls this, tests call it directly. */
  public synchronized Outcome checkNow() {
    byte[] d = filesDigest();
    if (Arrays.equals(d, lastDigest)) {
      return new Outcome.Unchanged();
    }
    lastDigest = d;
    ConfigLoadResult r = loader.apply(dir);
    if (r instanceof ConfigLoadResult.Invalid invalid) {
      LOG.warn("configuration modifiée mais refusée ({} problème(s)), la précédente reste en vigueur", invalid.problems().size());
      for (ConfigProblem p : invalid.problems()) {
        LOG.warn("{}", p);
      }
      return new Outcome.Refused(invalid.problems());
    }
    AstreinteConfig next = ((ConfigLoadResult.Valid) r).config();
    AstreinteConfig before = current.getAndSet(next);
    List<String> changes = ConfigDiff.between(before, next);
    inForce = hex(d);
    LOG.info("configuration rechargée ({}) : {}", inForce,
        changes.isEmpty() ? "aucun changement de fond" : String.join(" ; ", changes));
    for (Consumer<AstreinteConfig> l : listeners) {
      l.accept(next);
    }
    return new Outcome.Applied(next, changes);
  }

  /** Polls every {@code period} on the given executor (owned by the caller). */
  public synchronized void start(ScheduledExecutorService executor, Duration period) {
    if (task != null) {
      throw new IllegalStateException("surveillance de la configuration déjà démarrée");
    }
    task = executor.scheduleWithFixedDelay(() -> {
      try {
        checkNow();
      } catch (RuntimeException e) {
        LOG.error("échec du contrôle de la configuration", e);
      }
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  private static String hex(byte[] digest) {
    return "sha256:" + java.util.HexFormat.of().formatHex(digest);
  }

  private byte[] filesDigest() {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (String name : ConfigLoader.FILES) {
      md.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      try {
        md.update((byte) 1);
        md.update(Files.readAllBytes(dir.resolve(name)));
      } catch (NoSuchFileException e) {
        md.update((byte) 0);
      } catch (IOException e) {
        md.update((byte) 2);
      }
    }
    return md.digest();
  }
}
