package com.serveurcom.astreinte.voicemail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/** Writes an INBOX the way app_voicemail does (msgNNNN.txt + .wav), and removes messages renumbering like it. */
final class SpoolFiles {
  final Path root;
  final Path inbox;

  SpoolFiles(Path root, String context, String box) {
    this.root = root;
    this.inbox = root.resolve(context).resolve(box).resolve("INBOX");
  }

  static String txt(String msgId, Instant origtime, int duration, String callerId) {
    return ";\n"
        + "; Message Information file\n"
        + ";\n"
        + "[message]\n"
        + "origmailbox=100\n"
        + "context=support\n"
        + "exten=0272646172\n"
        + "rdnis=unknown\n"
        + "priority=3\n"
        + "callerchan=Local/0272646172@support-00000000;2\n"
        + "callerid=" + callerId + "\n"
        + "origdate=Fri Nov 27 04:12:22 PM UTC 2026\n"
        + "origtime=" + origtime.getEpochSecond() + "\n"
        + "category=\n"
        + "msg_id=" + msgId + "\n"
        + "flag=\n"
        + "duration=" + duration + "\n";
  }

  /** Writes the next msgNNNN; returns its path without extension (a VM_MESSAGEFILE). */
  Path add(String msgId, Instant origtime, int duration, String callerId, byte[] audio) {
    try {
      Files.createDirectories(inbox);
      int n = 0;
      while (Files.exists(base(n).resolveSibling(name(n) + ".txt"))) {
        n++;
      }
      Path base = base(n);
      Files.write(base.resolveSibling(name(n) + ".wav"), audio);
      Files.writeString(base.resolveSibling(name(n) + ".txt"), txt(msgId, origtime, duration, callerId), StandardCharsets.US_ASCII);
      return base;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes msgN and closes the gap, as app_voicemail does after a technician deletes a message. */
  void remove(int number) {
    try {
      for (String ext : new String[] {".txt", ".wav"}) {
        Files.deleteIfExists(base(number).resolveSibling(name(number) + ext));
      }
      for (int n = number + 1; Files.exists(base(n).resolveSibling(name(n) + ".txt")); n++) {
        for (String ext : new String[] {".txt", ".wav"}) {
          Path from = base(n).resolveSibling(name(n) + ext);
          if (Files.exists(from)) {
            Files.move(from, base(n - 1).resolveSibling(name(n - 1) + ext));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path base(int n) {
    return inbox.resolve(name(n));
  }

  static String name(int n) {
    return String.format(Locale.ROOT, "msg%04d", n);
  }

  static byte[] audio(String marker) {
    return ("RIFF....WAVE" + marker).getBytes(StandardCharsets.US_ASCII);
  }
}
