package com.serveurcom.astreinte;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One server per data directory: {@code server.lock} in it holds the server's pid under an OS file
 * lock. The kernel drops the lock when the process ends, however it ends, so a killed server never
 * blocks the next start; a second server on the same directory is told at once which one runs.
 * Holding it also makes any PostgreSQL found running on the directory's database a leftover of a
 * dead server, safe to stop.
 */
public final class DataDirectoryLock implements AutoCloseable {
  static final String FILE = "server.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** @throws StartRefused when another server holds the directory, naming its pid */
  public static DataDirectoryLock take(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    FileChannel channel = null;
    try {
      Files.createDirectories(dataDir);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameProcess) {
        lock = null;
      }
      if (lock == null) {
        String holder = readPid(channel);
        channel.close();
        throw new StartRefused(StartRefused.IN_USE, "un serveur Astreinte (pid " + holder + ") utilise déjà le répertoire de "
            + "données " + dataDir.toAbsolutePath() + " : un seul serveur par répertoire.");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      channel.force(true);
      return new DataDirectoryLock(channel, lock);
    } catch (IOException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // the start fails anyway
        }
      }
      throw new StartRefused(StartRefused.IN_USE, "impossible de verrouiller " + file.toAbsolutePath() + " : " + e.getMessage());
    }
  }

  private static String readPid(FileChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(32);
    channel.read(buf, 0);
    String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
    return text.isEmpty() ? "inconnu" : text;
  }

  /**
   * Unlocks; the file stays (deleting it could let two servers lock two different files). Its pid
   * means nothing once no process holds the lock.
   */
  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
