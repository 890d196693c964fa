package com.serveurcom.astreinte.call;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local, durable list of what the database could not take (on-call messages, call records).
 * One JSON line per entry, forced to disk before the caller is told anything, so an emergency
 * survives a database outage and a crash; {@link #drain} hands the entries back once it is up.
 */
public final class Journal<T> {
  private static final Logger log = LoggerFactory.getLogger(Journal.class);

  private final Path file;
  private final Class<T> type;
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

  public Journal(Path file, Class<T> type) {
    this.file = file;
    this.type = type;
  }

  public synchronized void append(T entry) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      byte[] line = (json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        ch.write(ByteBuffer.wrap(line));
        ch.force(true);
      }
    } catch (IOException e) {
      throw new IllegalStateException("impossible d'écrire le journal " + file + " : " + e.getMessage(), e);
    }
  }

  public synchronized List<T> pending() {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<T> out = new ArrayList<>();
    try {
      int n = 0;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(json.readValue(line, type));
        } catch (IOException e) {
          // A torn last line after a crash: keep it out, say so, lose nothing else.
          log.error("journal {}, ligne {} : illisible, ignorée : {}", file, n, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("impossible de lire le journal " + file, e);
    }
    return out;
  }

  /** The replay of one entry: throws when the database still refuses it. */
  @FunctionalInterface
  public interface Replay<T> {
    void replay(T entry);
  }

  /**
   * Replays every journalled message; those that succeed leave the journal, the others stay.
   *
   * @return how many were replayed
   */
  public synchronized int drain(Replay<T> replay) {
    List<T> all = pending();
    if (all.isEmpty()) {
      return 0;
    }
    List<T> left = new ArrayList<>();
    int done = 0;
    for (T m : all) {
      try {
        replay.replay(m);
        done++;
      } catch (RuntimeException e) {
        left.add(m);
      }
    }
    rewrite(left);
    if (done > 0) {
      log.info("journal {} : {} entrée(s) écrite(s) dans la base de données, {} restante(s)", file.getFileName(), done, left.size());
    }
    return done;
  }

  private void rewrite(List<T> left) {
    try {
      if (left.isEmpty()) {
        Files.deleteIfExists(file);
        return;
      }
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      StringBuilder sb = new StringBuilder();
      for (T m : left) {
        sb.append(json.writeValueAsString(m)).append('\n');
      }
      Files.writeString(tmp, sb, StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalStateException("impossible de réécrire le journal " + file, e);
    }
  }
}
