package com.serveurcom.astreinte.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * The one error format of the command line, {@code astreinte: <commande>: <message>}, so that a
 * script or a person reads every failure the same way whatever the command.
 */
final class ErrorLine {
  private ErrorLine() {}

  static String of(CommandSpec spec, String message) {
    return of(command(spec), message);
  }

  static String of(String command, String message) {
    return "astreinte: " + (command.isEmpty() ? "" : command + ": ") + message;
  }

  /** The command as typed after {@code astreinte}, e.g. {@code schedule at}. */
  static String command(CommandSpec spec) {
    String q = spec.qualifiedName(" ");
    String root = spec.root().name();
    return q.equals(root) ? "" : q.startsWith(root + " ") ? q.substring(root.length() + 1) : q;
  }
}
