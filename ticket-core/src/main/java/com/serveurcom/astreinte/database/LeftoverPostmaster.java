package com.serveurcom.astreinte.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What holds an embedded data directory before we start PostgreSQL on it. A server killed with
 * SIGKILL leaves its postmaster running (pg_ctl detached it): it still owns {@code postmaster.pid},
 * so a new start would fail. That postmaster, and only a PostgreSQL running on this very directory,
 * is stopped cleanly (fast shutdown: its sessions died with their server) and the start goes on.
 * Any other live process named by the pid file is left alone and named in the error.
 *
 * <p>Only called by the owner of the data directory (the server holds its lock), so the
 * postmaster found here cannot belong to a server still running.
 */
final class LeftoverPostmaster {
  private static final Logger log = LoggerFactory.getLogger(LeftoverPostmaster.class);

  private LeftoverPostmaster() {}

  /** The directory is held by something that is not its own PostgreSQL: waiting will not help. */
  static final class DirectoryHeld extends DatabaseUnavailableException {
    private static final long serialVersionUID = 1L;

    DirectoryHeld(String message) {
      super(message, null);
    }
  }

  /** Stops a postmaster left running on {@code dataDirectory}, if any; throws if something else holds it. */
  static void stopIfAny(Path dataDirectory, Duration wait) {
    Optional<ProcessHandle> holder = holder(dataDirectory);
    if (holder.isEmpty()) {
      return;
    }
    ProcessHandle p = holder.get();
    List<String> args = commandLine(p.pid());
    if (!isPostgresOn(args, dataDirectory)) {
      throw new DirectoryHeld("le répertoire de données PostgreSQL " + dataDirectory.toAbsolutePath() + " est tenu par le processus "
          + p.pid() + " (" + (args.isEmpty() ? p.info().command().orElse("commande inconnue") : String.join(" ", args))
          + "), qui n'est pas son PostgreSQL : arrêtez ce processus, ou supprimez " + dataDirectory.resolve("postmaster.pid")
          + " s'il désigne un processus sans rapport");
    }
    log.warn("un PostgreSQL (pid {}) laissé par un serveur mal arrêté tourne encore sur {} : arrêt propre en cours",
        p.pid(), dataDirectory.toAbsolutePath());
    signalFastShutdown(p);
    long deadline = System.nanoTime() + wait.toNanos();
    while (alive(p)) {
      if (System.nanoTime() > deadline) {
        throw new DirectoryHeld("le PostgreSQL resté actif sur " + dataDirectory.toAbsolutePath() + " (pid " + p.pid()
            + ") ne s'est pas arrêté en " + wait.toSeconds() + " s : arrêtez-le (kill -INT " + p.pid() + ") puis redémarrez");
      }
      sleep(100);
    }
    log.info("le PostgreSQL laissé par le serveur précédent (pid {}) est arrêté ; démarrage du nôtre", p.pid());
  }

  /** Whether a PostgreSQL is running on {@code dataDirectory}: the live process its pid file names is one. */
  static boolean running(Path dataDirectory) {
    return holder(dataDirectory).map(p -> isPostgresOn(commandLine(p.pid()), dataDirectory)).orElse(false);
  }

  /** The live process {@code postmaster.pid} names, if any (a stale file is PostgreSQL's own business). */
  static Optional<ProcessHandle> holder(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    List<String> lines;
    try {
      lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
    } catch (IOException absent) {
      return Optional.empty();
    }
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException garbage) {
      return Optional.empty();
    }
    if (pid == ProcessHandle.current().pid()) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid).filter(LeftoverPostmaster::alive);
  }

  /**
   * Alive and not a zombie: a postmaster killed after pg_ctl detached it waits, dead, for whatever
   * adopted it to reap it (a container's init may take its time), and the JDK calls that alive.
   */
  static boolean alive(ProcessHandle p) {
    if (!p.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"), StandardCharsets.US_ASCII);
      int close = stat.lastIndexOf(')');
      char state = close > 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : 'R';
      return state != 'Z' && state != 'X';
    } catch (IOException | RuntimeException gone) {
      return p.isAlive();
    }
  }

  /** A PostgreSQL server binary whose {@code -D} is this directory. */
  static boolean isPostgresOn(List<String> args, Path dataDirectory) {
    if (args.isEmpty()) {
      return false;
    }
    String program = Path.of(args.get(0)).getFileName().toString();
    if (!program.equals("postgres") && !program.equals("postmaster")) {
      return false;
    }
    int d = args.indexOf("-D");
    if (d < 0 || d + 1 >= args.size()) {
      return false;
    }
    return samePlace(Path.of(args.get(d + 1)), dataDirectory);
  }

  private static boolean samePlace(Path a, Path b) {
    try {
      return a.toRealPath().equals(b.toRealPath());
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  /** The arguments of a process as the kernel has them (Linux), else as the JDK reports them. */
  private static List<String> commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      String text = new String(raw, StandardCharsets.UTF_8);
      if (!text.isEmpty()) {
        return Arrays.asList(text.split("\0"));
      }
    } catch (IOException | RuntimeException notLinux) {
      // below
    }
    return ProcessHandle.of(pid).flatMap(p -> p.info().command().map(c -> {
      String[] rest = p.info().arguments().orElse(new String[0]);
      String[] all = new String[rest.length + 1];
      all[0] = c;
      System.arraycopy(rest, 0, all, 1, rest.length);
      return Arrays.asList(all);
    })).orElse(List.of());
  }

  /** SIGINT is PostgreSQL's fast shutdown: no waiting for sessions (theirs are dead), a checkpoint, a clean exit. */
  private static void signalFastShutdown(ProcessHandle p) {
    try {
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).redirectErrorStream(true).start();
      if (kill.waitFor() == 0) {
        return;
      }
    } catch (IOException e) {
      // no kill command: below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // SIGTERM: smart shutdown, which also ends once the dead server's sessions are gone.
    p.destroy();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseUnavailableException("interrompu en attendant l'arrêt de l'ancien PostgreSQL", e);
    }
  }
}
