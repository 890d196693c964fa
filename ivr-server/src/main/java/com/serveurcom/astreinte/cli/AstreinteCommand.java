package com.serveurcom.astreinte.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import com.serveurcom.astreinte.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The product's command line: {@code bin/astreinte <command>}. Each subcommand is small and
 * delegates to the feature it speaks for; the long-running {@code serve} is the composition root.
 */
@Command(
    name = "astreinte",
    versionProvider = AstreinteCommand.Version.class,
    description = "Astreinte : la ligne d'astreinte du numéro de support Serveurcom 02 72 64 61 72.",
    subcommands = {
      HelpCommand.class,
      ConfigCommand.class,
      ScheduleCommand.class,
      SlaCommand.class,
      EscalationCommand.class,
      EscalationsCommand.class,
      ReportCommand.class,
      ServeCommand.class,
      PromptsCommand.class,
      SimulateCallCommand.class,
      SimulatePageCommand.class,
      OnCallCommand.class,
      AccountCommand.class,
      TicketCommand.class,
      OverrideCommand.class,
      PagesCommand.class,
      MailsCommand.class
    })
public final class AstreinteCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = {"-V", "--version"}, versionHelp = true, description = "Affiche la version et s'arrête.")
  boolean version;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit status; tests call this instead of main. */
  public static int execute(String... args) {
    return commandLine(Settings.fromSystem()).execute(args);
  }

  static CommandLine commandLine() {
    return commandLine(Settings.fromSystem());
  }

  /**
   * The command tree over one reading of the environment: options take their defaults from it
   * ({@link SettingsDefaults}) and the commands that need more (a token, the server's settings) get it
   * by constructor.
   */
  static CommandLine commandLine(Settings settings) {
    CommandLine cl = new CommandLine(new AstreinteCommand(), new SettingsFactory(settings));
    cl.setDefaultValueProvider(new SettingsDefaults(settings));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    inFrench(cl);
    cl.setParameterExceptionHandler(new UsageErrors());
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println(ErrorLine.of(line.getCommandSpec(), "erreur inattendue : " + e));
      line.getErr().flush();
      return 1;
    });
    return cl;
  }

  /**
   * Every command and subcommand gets {@code -h}/{@code --help} and French help headings; done here,
   * over the whole tree, so that a command added later cannot miss them.
   */
  private static void inFrench(CommandLine cl) {
    CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
    if (spec.optionsMap().get("--help") == null) {
      spec.addMixin("aide", CommandLine.Model.CommandSpec.forAnnotatedObject(new HelpOption()));
    }
    spec.usageMessage()
        .synopsisHeading("Utilisation : ")
        .synopsisSubcommandLabel("[COMMANDE]")
        .descriptionHeading("%n")
        .parameterListHeading("%nArguments :%n")
        .optionListHeading("%nOptions :%n")
        .commandListHeading("%nCommandes :%n");
    for (CommandLine sub : cl.getSubcommands().values()) {
      inFrench(sub);
    }
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
