package com.serveurcom.astreinte.call;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A caller for unit tests of the flow: one key entry per prompt that reads keys or records. */
final class ScriptedChannel implements CallChannel {
  final Deque<String> keys;
  final String callerId;
  final List<String> played = new ArrayList<>();
  final List<String> said = new ArrayList<>();
  final List<String> execs = new ArrayList<>();
  final Map<String, String> variables = new HashMap<>();
  boolean hungUp;
  boolean hangupCommand;

  ScriptedChannel(String callerId, String... keys) {
    this.callerId = callerId;
    this.keys = new ArrayDeque<>(List.of(keys));
  }

  @Override public String uniqueId() { return "test-1"; }
  @Override public Optional<String> callerId() { return Optional.ofNullable(callerId); }
  @Override public void answer() { alive(); }

  @Override public boolean play(String sound) {
    alive();
    played.add(sound);
    return true;
  }

  @Override public Optional<String> readDigits(String prompt, Duration timeout, int maxDigits) {
    alive();
    played.add(prompt);
    String k = keys.isEmpty() ? "-" : keys.poll();
    if (k.equals("hangup")) {
      hungUp = true;
      throw new CallerHungUp();
    }
    if (k.equals("-")) {
      return Optional.empty();
    }
    String digits = k.endsWith("#") ? k.substring(0, k.length() - 1) : k;
    return Optional.of(digits.length() > maxDigits ? digits.substring(0, maxDigits) : digits);
  }

  @Override public void sayDigits(String digits) { alive(); said.add(digits); }

  @Override public int exec(String application, String arguments) {
    execs.add(application + " " + arguments);
    if (application.equals("VoiceMail")) {
      String k = keys.isEmpty() ? "nomessage" : keys.poll();
      switch (k) {
        case "message" -> { variables.put("VMSTATUS", "SUCCESS"); variables.put("VM_MESSAGEFILE", "/spool/msg0000"); return 0; }
        case "message-hangup" -> { variables.put("VMSTATUS", "SUCCESS"); variables.put("VM_MESSAGEFILE", "/spool/msg0000"); hungUp = true; return -1; }
        default -> { variables.put("VMSTATUS", "FAILED"); hungUp = true; return -1; }
      }
    }
    return 0;
  }

  @Override public Optional<String> variable(String name) { return Optional.ofNullable(variables.get(name)); }
  @Override public void setVariable(String name, String value) { variables.put(name, value); }
  @Override public void hangup() { hangupCommand = true; hungUp = true; }
  @Override public boolean hungUp() { return hungUp; }

  private void alive() {
    if (hungUp) {
      throw new CallerHungUp();
    }
  }
}
