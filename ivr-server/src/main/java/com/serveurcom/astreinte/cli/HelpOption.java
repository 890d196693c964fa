package com.serveurcom.astreinte.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h}/{@code --help}, added to every command and subcommand by {@link AstreinteCommand}: the
 * standard help option of picocli, described in French like the rest of the help.
 */
final class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Affiche cette aide et s'arrête.")
  boolean help;
}
