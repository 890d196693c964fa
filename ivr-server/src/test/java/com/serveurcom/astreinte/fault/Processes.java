package com.serveurcom.astreinte.fault;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process facts the JDK blurs: a killed process its adopter has not reaped yet is a zombie, not alive. */
final class Processes {
  private Processes() {}

  static boolean running(ProcessHandle p) {
    if (!p.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"), StandardCharsets.US_ASCII);
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (Exception gone) {
      return p.isAlive();
    }
  }
}
