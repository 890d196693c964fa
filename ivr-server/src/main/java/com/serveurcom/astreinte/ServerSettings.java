package com.serveurcom.astreinte;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code serve} starts with: its directories and ports (options, whose defaults come from the
 * environment through {@link Settings}) and the rest of the environment's settings. Built once by
 * {@code serve}; nothing below reads the environment.
 *
 * @param reset a demo server puts the fixture's accounts and tickets back (serve --demo --reset)
 */
public record ServerSettings(
    Path configDir,
    Path dataDir,
    boolean demo,
    boolean reset,
    InetAddress agiAddress,
    int agiPort,
    int agiMaxCalls,
    InetAddress httpAddress,
    int httpPort,
    Duration drainTimeout,
    Settings environment) {

  public ServerSettings {
    Objects.requireNonNull(environment, "environment");
  }

  /** Without --reset. */
  public ServerSettings(Path configDir, Path dataDir, boolean demo, InetAddress agiAddress, int agiPort,
      int agiMaxCalls, InetAddress httpAddress, int httpPort, Duration drainTimeout, Settings environment) {
    this(configDir, dataDir, demo, false, agiAddress, agiPort, agiMaxCalls, httpAddress, httpPort, drainTimeout,
        environment);
  }

  /** Never the environment's secrets: {@link Settings#toString()} masks them. */
  @Override
  public String toString() {
    return "ServerSettings[config=" + configDir + ", data=" + dataDir + ", demo=" + demo + ", agi=" + agiAddress.getHostAddress()
        + ":" + agiPort + ", http=" + httpAddress.getHostAddress() + ":" + httpPort + "]";
  }
}
