package com.serveurcom.astreinte.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code help [COMMANDE...]}: picocli's help subcommand, in French like every other help text. */
@Command(name = "help", helpCommand = true, description = "Affiche l'aide d'une commande (comme COMMANDE --help).")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
  @Parameters(paramLabel = "COMMANDE", arity = "0..*", description = "La commande (et sous-commande) dont afficher l'aide.")
  String[] commands = new String[0];

  private CommandLine self;
  private PrintWriter out;
  private CommandLine.Help.ColorScheme colors;

  @Override
  public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out,
      PrintWriter err) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = out;
  }

  @Override
  public void run() {
    CommandLine target = self.getParent();
    for (String name : commands) {
      CommandLine sub = target.getSubcommands().get(name);
      if (sub == null) {
        throw new CommandLine.ParameterException(self, "commande inconnue '" + name + "'");
      }
      target = sub;
    }
    target.usage(out, colors);
    out.flush();
  }
}
