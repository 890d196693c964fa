package com.serveurcom.astreinte.call;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.serveurcom.astreinte.call.OnCallDesk.OnCallMessage;
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
 * A local, durable list of on-call messages the database could not take. One JSON line per
 * message, forced to disk before the caller is told the message is registered, so an emergency
 * survives a database outage and a crash; {@link #drain} hands them back once it is up.
 */
public final class MessageJournal {
  private static final Logger log = LoggerFactory.getLogger(MessageJournal.class);

  private final Path file;
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

  public MessageJournal(Path file) {
    this.file = file;
  }

  public synchronized void append(OnCallMessage message) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      byte[] line = (json.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        ch.write(ByteBuffer.wrap(line));
        ch.force(true);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the message journal " + file + ": " + e.getMessage(), e);
    }
  }

  public synchronized List<OnCallMessage> pending() {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<OnCallMessage> out = new ArrayList<>();
    try {
      int n = 0;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(json.readValue(line, OnCallMessage.class));
        } catch (IOException e) {
          // A torn last line after a crash: keep it out, say so, lose nothing else.
          log.error("message journal {} line {} is unreadable and skipped: {}", file, n, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the message journal " + file, e);
    }
    return out;
  }

  /** Functional interface for the replay: throws when the database still refuses the message. */
  @FunctionalInterface
  public interface Replay {
    void replay(OnCallMessage message);
  }

  /**
   * Replays every journalled message; those that succeed leave the journal, the others stay.
   *
   * @return how many were replayed
   */
  public synchronized int drain(Replay replay) {
    List<OnCallMessage> all = pending();
    if (all.isEmpty()) {
      return 0;
    }
    List<OnCallMessage> left = new ArrayList<>();
    int done = 0;
    for (OnCallMessage m : all) {
      try {
        replay.replay(m);
        done++;
      } catch (RuntimeException e) {
        left.add(m);
      }
    }
    rewrite(left);
    if (done > 0) {
      log.info("message journal: {} message(s) written to the database, {} left", done, left.size());
    }
    return done;
  }

  private void rewrite(List<OnCallMessage> left) {
    try {
      if (left.isEmpty()) {
        Files.deleteIfExists(file);
        return;
      }
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      StringBuilder sb = new StringBuilder();
      for (OnCallMessage m : left) {
        sb.append(json.writeValueAsString(m)).append('\n');
      }
      Files.writeString(tmp, sb, StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot rewrite the message journal " + file, e);
    }
  }
}
