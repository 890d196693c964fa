package com.serveurcom.astreinte.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * A command line picocli cannot parse: one line in French saying what is wrong and how to get
 * help, then exit status 2. Picocli's own messages are English, so the usual cases are said again
 * here; anything else keeps a generic French sentence.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
  static final int EXIT_USAGE = 2;

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    String command = ErrorLine.command(cl.getCommandSpec());
    String help = "bin/astreinte " + (command.isEmpty() ? "" : command + " ") + "--help";
    err.println(ErrorLine.of(command, message(ex) + " (aide : " + help + ")"));
    err.flush();
    return EXIT_USAGE;
  }

  static String message(ParameterException ex) {
    if (ex instanceof CommandLine.MissingParameterException m) {
      List<ArgSpec> missing = m.getMissing();
      boolean oneOf = missing.size() > 1 && missing.stream().allMatch(a -> a.group() != null && a.group().exclusive());
      String names = missing.stream().map(UsageErrors::name).collect(Collectors.joining(oneOf ? " ou " : ", "));
      return (missing.size() > 1 && !oneOf ? "manquent " : "manque ") + names;
    }
    if (ex instanceof CommandLine.UnmatchedArgumentException u) {
      List<String> unmatched = u.getUnmatched();
      String first = unmatched.isEmpty() ? "?" : unmatched.get(0);
      if (first.startsWith("-")) {
        return "option inconnue '" + first + "'";
      }
      return u.getCommandLine().getSubcommands().isEmpty() ? "argument en trop '" + first + "'"
          : "commande inconnue '" + first + "'";
    }
    if (ex instanceof CommandLine.OverwrittenOptionException o) {
      return name(o.getOverwritten()) + " donnée plusieurs fois";
    }
    if (ex instanceof CommandLine.MutuallyExclusiveArgsException) {
      return "options incompatibles entre elles : " + ex.getMessage().replaceFirst("^Error: ", "")
          .replace(" are mutually exclusive (specify only one)", "");
    }
    if (ex instanceof CommandLine.MaxValuesExceededException) {
      return "trop d'arguments";
    }
    if (ex.getArgSpec() != null && ex.getValue() != null) {
      return "valeur invalide pour " + name(ex.getArgSpec()) + " : '" + ex.getValue() + "'" + expected(ex.getArgSpec());
    }
    if (ex.getArgSpec() != null) {
      return "valeur manquante ou invalide pour " + name(ex.getArgSpec());
    }
    return "ligne de commande incorrecte";
  }

  private static String expected(ArgSpec spec) {
    Class<?> type = spec.type();
    if (type.isEnum()) {
      Object[] values = type.getEnumConstants();
      return " (attendu " + java.util.Arrays.stream(values).map(String::valueOf).collect(Collectors.joining(", ")) + ")";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return " (attendu un nombre entier)";
    }
    return "";
  }

  private static String name(ArgSpec spec) {
    if (spec instanceof OptionSpec o) {
      return o.longestName() + (o.arity().max > 0 ? " " + o.paramLabel() : "");
    }
    return spec.paramLabel();
  }
}
