package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.Settings;
import java.util.Map;
import picocli.CommandLine;

/**
 * Options whose default follows a variable ({@code --data} and {@code $ASTREINTE_DATA_DIR}, ...): the
 * variable's text when set, else the option's own default. Read from {@link Settings}, so the
 * command line reads the environment in the same one place as the server.
 */
final class SettingsDefaults implements CommandLine.IDefaultValueProvider {
  private static final Map<String, String> VARIABLES = Map.of(
      "--config", Settings.CONFIG_DIR,
      "--data", Settings.DATA_DIR,
      "--api", Settings.API_URL,
      "--agi-bind", Settings.AGI_BIND,
      "--agi-port", Settings.AGI_PORT,
      "--agi-max-calls", Settings.AGI_MAX_CALLS,
      "--http-bind", Settings.HTTP_BIND,
      "--http-port", Settings.HTTP_PORT);
  /** simulate-call speaks to the server's FastAGI port and writes into its voicemail spool. */
  private static final Map<String, String> SIMULATE_CALL = Map.of(
      "--host", Settings.AGI_HOST,
      "--port", Settings.AGI_PORT,
      "--spool", Settings.VOICEMAIL_SPOOL);

  private final Settings settings;

  SettingsDefaults(Settings settings) {
    this.settings = settings;
  }

  @Override
  public String defaultValue(CommandLine.Model.ArgSpec arg) {
    if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
      return null;
    }
    String name = option.longestName();
    String variable = VARIABLES.get(name);
    CommandLine.Model.CommandSpec command = arg.command();
    if (variable == null && command != null && command.userObject() instanceof SimulateCallCommand) {
      variable = SIMULATE_CALL.get(name);
    }
    if (variable == null && name.equals("--actor") && command != null && command.parent() != null
        && command.parent().userObject() instanceof OverrideCommand) {
      variable = Settings.USER;
    }
    return variable == null ? null : settings.optionDefault(variable).orElse(null);
  }
}
