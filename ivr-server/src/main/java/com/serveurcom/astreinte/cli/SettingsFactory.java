package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.Settings;
import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Builds the commands and their option groups: those with a constructor taking {@link Settings} get
 * the process's one reading of the environment, the others are built as picocli would.
 */
final class SettingsFactory implements CommandLine.IFactory {
  private final Settings settings;
  private final CommandLine.IFactory byDefault = CommandLine.defaultFactory();

  SettingsFactory(Settings settings) {
    this.settings = settings;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    Constructor<K> withSettings;
    try {
      withSettings = type.getDeclaredConstructor(Settings.class);
    } catch (NoSuchMethodException e) {
      return byDefault.create(type);
    }
    withSettings.setAccessible(true);
    return withSettings.newInstance(settings);
  }
}
