package com.serveurcom.astreinte;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the server is started with: directories, ports and the environment (where secrets
 * live). Built once by {@code serve}; nothing below reads System.getenv.
 */
public record ServerSettings(
    Path configDir,
    Path dataDir,
    boolean demo,
    InetAddress agiAddress,
    int agiPort,
    Set<InetAddress> agiAllowedPeers,
    int agiMaxCalls,
    InetAddress httpAddress,
    int httpPort,
    Duration drainTimeout,
    Map<String, String> env) {

  /** {@code true}: a demo server puts the fixture's accounts and tickets back (serve --demo --reset). */
  public static final String ENV_DEMO_RESET = "ASTREINTE_DEMO_RESET";

  /** The supervisors' board password (issue 15); the API token logs in too. */
  public static final String ENV_BOARD_PASSWORD = "ASTREINTE_BOARD_PASSWORD";

  public ServerSettings {
    env = Map.copyOf(env);
    agiAllowedPeers = Set.copyOf(agiAllowedPeers);
  }

  public Optional<String> env(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
  }

  /** Parses {@code ASTREINTE_AGI_ALLOW} (comma-separated hosts); empty means any host that reaches the bound address. */
  public static Set<InetAddress> hosts(String csv) {
    Set<InetAddress> out = new LinkedHashSet<>();
    if (csv == null || csv.isBlank()) {
      return out;
    }
    for (String h : csv.split(",")) {
      try {
        out.add(InetAddress.getByName(h.trim()));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("ASTREINTE_AGI_ALLOW: unknown host " + h.trim());
      }
    }
    return out;
  }

  @Override
  public String toString() {
    // The environment carries secrets: never print it.
    return "ServerSettings[config=" + configDir + ", data=" + dataDir + ", demo=" + demo + ", agi=" + agiAddress.getHostAddress()
        + ":" + agiPort + ", http=" + httpAddress.getHostAddress() + ":" + httpPort + "]";
  }
}
