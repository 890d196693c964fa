package com.serveurcom.astreinte.web;

import com.serveurcom.astreinte.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads {@code config/web/} when its files change, like {@code ConfigWatcher} does for the YAML files: a
 * digest of the folder's files polled every few seconds; a valid change is swapped in whole, an invalid one
 * is refused with its problems logged and the pages in force stay.
 */
public final class WebConfigWatcher implements Supplier<WebConfig>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebConfigWatcher.class);

  private final Path configDir;
  private final AtomicReference<WebConfig> current;
  private byte[] lastDigest;
  private ScheduledFuture<?> task;

  public WebConfigWatcher(Path configDir, WebConfig initial) {
    this.configDir = configDir;
    this.current = new AtomicReference<>(initial);
    this.lastDigest = digest();
  }

  @Override
  public WebConfig get() {
    return current.get();
  }

  /** Checks the folder once; @return whether new pages were put in force */
  public synchronized boolean checkNow() {
    byte[] d = digest();
    if (Arrays.equals(d, lastDigest)) {
      return false;
    }
    lastDigest = d;
    WebConfig.Loaded l = WebConfig.load(configDir);
    if (l instanceof WebConfig.Loaded.Invalid invalid) {
      LOG.warn("pages web modifiées mais refusées ({} problème(s)), les précédentes restent en vigueur",
          invalid.problems().size());
      for (ConfigProblem p : invalid.problems()) {
        LOG.warn("{}", p);
      }
      return false;
    }
    current.set(((WebConfig.Loaded.Valid) l).config());
    LOG.info("pages web rechargées depuis {}", configDir.resolve(WebConfig.DIR));
    return true;
  }

  public synchronized void start(ScheduledExecutorService executor, Duration period) {
    if (task != null) {
      throw new IllegalStateException("surveillance des pages web déjà démarrée");
    }
    task = executor.scheduleWithFixedDelay(() -> {
      try {
        checkNow();
      } catch (RuntimeException e) {
        LOG.error("échec du contrôle des pages web", e);
      }
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (task != null) {
      task.cancel(false);
    }
  }

  private byte[] digest() {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Path dir = configDir.resolve(WebConfig.DIR);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        md.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update((byte) 0);
        try {
          md.update(Files.readAllBytes(f));
        } catch (IOException e) {
          md.update((byte) 1);
        }
      }
    } catch (IOException e) {
      md.update((byte) 2);
    }
    return md.digest();
  }
}
