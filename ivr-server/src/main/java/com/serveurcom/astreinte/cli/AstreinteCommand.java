package com.serveurcom.astreinte.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The product's command line: {@code bin/astreinte <command>}. Each subcommand is small and
 * delegates to the feature it speaks for; the long-running {@code serve} is the composition root.
 */
@Command(
    name = "astreinte",
    mixinStandardHelpOptions = true,
    versionProvider = AstreinteCommand.Version.class,
    description = "Astreinte: the on-call line of the Serveurcom support number 02 72 64 61 72.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ConfigCommand.class,
      ScheduleCommand.class,
      SlaCommand.class,
      EscalationCommand.class,
      EscalationsCommand.class,
      ReportCommand.class,
      ServeCommand.class,
      PromptsCommand.class,
      SimulateCallCommand.class,
      OnCallCommand.class,
      AccountCommand.class,
      TicketCommand.class,
      OverrideCommand.class,
      PagesCommand.class
    })
public final class AstreinteCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit status; tests call this instead of main. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new AstreinteCommand());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = AstreinteCommand.class.getResourceAsStream("/astreinte-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"astreinte " + p.getProperty("version", "unknown")};
    }
  }
}
