package com.serveurcom.astreinte;

import com.serveurcom.astreinte.database.DatabaseConfig;
import com.serveurcom.astreinte.mail.MailSettings;
import com.serveurcom.astreinte.paging.Phones;
import com.serveurcom.astreinte.paging.SignedUrls;
import com.serveurcom.astreinte.twilio.TwilioSettings;
import com.serveurcom.astreinte.voicemail.VoicemailSettings;
import java.net.InetAddress;
import com.serveurcom.astreinte.outbox.EngineHeartbeat;
import com.serveurcom.astreinte.paging.PagingEngine;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Everything the process takes from its environment, read once at start and checked as a whole:
 * the only class that reads the environment. Each part gets plain values from here by constructor.
 * A value that does not parse is not thrown at once: it is listed in {@link #problems()}, so that
 * {@code serve} refuses to start with every bad variable named together (a person fixing them one
 * start at a time would lose a night). The commands that only talk to a running server use the few
 * values they need and ignore the rest.
 *
 * @param optionDefaults the variables that give command-line options their default (not secrets)
 * @param apiToken       {@value #API_TOKEN}, a secret
 * @param ami            {@value #AMI_HOST} and its companions; empty: no AMI link
 * @param database       {@value #DB_URL}, {@value #DB_USER}, {@value #DB_PASSWORD}; empty URL: embedded
 * @param twilio         the Twilio account; empty when its credentials are absent
 * @param publicUrl      {@value #PUBLIC_URL}, the base of webhooks and links (also Twilio's)
 * @param signingSecret  {@value #URL_SIGNING_SECRET}, a secret; empty: recording links are not signed
 * @param boardPassword  {@value #BOARD_PASSWORD}, a secret: the supervisors' board password (the API token logs in too)
 * @param pager          {@value #PAGER} as given ({@code twilio}, {@code log}), checked with the demo flag at start
 * @param agiAllowedPeers {@value #AGI_ALLOW}; empty: any host that reaches the bound address
 * @param trustedProxies {@value #TRUSTED_PROXIES}: the HTTP proxies whose {@code X-Forwarded-For} names the client
 *                       (the board's login limit counts per client); empty: the peer is the client
 * @param engines        how engines share the database with other instances: the paging lease
 *                       ({@value #PAGING_LEASE_SECONDS}) and when a silent instance counts as dead
 *                       ({@value #INSTANCE_DEAD_AFTER_SECONDS})
 * @param mail           the operator's SMTP relay ({@value #SMTP_URL}, {@value #SMTP_USER}, {@value #SMTP_PASSWORD},
 *                       {@value #MAIL_FROM}); empty: e-mail is off
 * @param shown          every variable set, as the start log prints it: secrets masked when read, never kept here
 * @param problems       one line per variable that does not parse, naming it
 */
public record Settings(
    Map<String, String> optionDefaults,
    Optional<String> apiToken,
    Optional<Ami> ami,
    Database database,
    Optional<TwilioSettings> twilio,
    Optional<URI> publicUrl,
    Optional<String> signingSecret,
    Optional<String> boardPassword,
    Optional<String> pager,
    VoicemailSettings voicemail,
    Set<InetAddress> agiAllowedPeers,
    Set<InetAddress> trustedProxies,
    Engines engines,
    Optional<MailSettings> mail,
    Map<String, String> shown,
    List<String> problems) {

  public static final String CONFIG_DIR = "ASTREINTE_CONFIG_DIR";
  public static final String DATA_DIR = "ASTREINTE_DATA_DIR";
  public static final String API_URL = "ASTREINTE_API_URL";
  public static final String API_TOKEN = "ASTREINTE_API_TOKEN";
  public static final String AGI_BIND = "ASTREINTE_AGI_BIND";
  public static final String AGI_PORT = "ASTREINTE_AGI_PORT";
  public static final String AGI_HOST = "ASTREINTE_AGI_HOST";
  public static final String AGI_MAX_CALLS = "ASTREINTE_AGI_MAX_CALLS";
  public static final String AGI_ALLOW = "ASTREINTE_AGI_ALLOW";
  public static final String HTTP_BIND = "ASTREINTE_HTTP_BIND";
  public static final String HTTP_PORT = "ASTREINTE_HTTP_PORT";
  public static final String AMI_HOST = "ASTREINTE_AMI_HOST";
  public static final String AMI_PORT = "ASTREINTE_AMI_PORT";
  public static final String AMI_USER = "ASTREINTE_AMI_USER";
  public static final String AMI_SECRET = "ASTREINTE_AMI_SECRET";
  public static final String DB_URL = DatabaseConfig.ENV_URL;
  public static final String DB_USER = DatabaseConfig.ENV_USER;
  public static final String DB_PASSWORD = DatabaseConfig.ENV_PASSWORD;
  public static final String DB_POOL_SIZE = "ASTREINTE_DB_POOL_SIZE";
  public static final String DB_ENGINE_POOL_SIZE = "ASTREINTE_DB_ENGINE_POOL_SIZE";
  public static final String DB_DOWN_ALARM_SECONDS = "ASTREINTE_DB_DOWN_ALARM_SECONDS";
  public static final String PUBLIC_URL = TwilioSettings.ENV_PUBLIC_URL;
  public static final String URL_SIGNING_SECRET = SignedUrls.ENV_SECRET;
  public static final String BOARD_PASSWORD = "ASTREINTE_BOARD_PASSWORD";
  public static final String TRUSTED_PROXIES = "ASTREINTE_TRUSTED_PROXIES";
  public static final String PAGER = "ASTREINTE_PAGER";
  public static final String PAGING_LEASE_SECONDS = PagingEngine.Settings.ENV_LEASE;
  public static final String INSTANCE_DEAD_AFTER_SECONDS = EngineHeartbeat.ENV_DEAD_AFTER;
  public static final String VOICEMAIL_SPOOL = VoicemailSettings.ENV_SPOOL;
  public static final String ASTERISK_VOICEMAIL_SPOOL = VoicemailSettings.ENV_ASTERISK_SPOOL;
  public static final String VOICEMAIL_MAILBOX = VoicemailSettings.ENV_MAILBOX;
  public static final String RECORDING_RETENTION_DAYS = VoicemailSettings.ENV_RETENTION_DAYS;
  public static final String SMTP_URL = MailSettings.ENV_URL;
  public static final String SMTP_USER = MailSettings.ENV_USER;
  public static final String SMTP_PASSWORD = MailSettings.ENV_PASSWORD;
  public static final String MAIL_FROM = MailSettings.ENV_FROM;
  /** Who a command-line change is recorded as, when not given ({@code override --actor}). */
  public static final String USER = "USER";

  /** Variables whose value never appears anywhere, not even in the start log. */
  static final Set<String> SECRETS = Set.of(API_TOKEN, AMI_SECRET, DB_PASSWORD, TwilioSettings.ENV_AUTH_TOKEN,
      URL_SIGNING_SECRET, BOARD_PASSWORD, SMTP_PASSWORD);

  /** Every variable read, in the order the start log lists them. */
  static final List<String> KNOWN = List.of(CONFIG_DIR, DATA_DIR, API_URL, API_TOKEN, AGI_BIND, AGI_PORT, AGI_HOST,
      AGI_MAX_CALLS, AGI_ALLOW, HTTP_BIND, HTTP_PORT, AMI_HOST, AMI_PORT, AMI_USER, AMI_SECRET, DB_URL, DB_USER,
      DB_PASSWORD, DB_POOL_SIZE, DB_ENGINE_POOL_SIZE, DB_DOWN_ALARM_SECONDS, TwilioSettings.ENV_ACCOUNT_SID,
      TwilioSettings.ENV_AUTH_TOKEN, TwilioSettings.ENV_FROM, TwilioSettings.ENV_API_BASE, PUBLIC_URL,
      URL_SIGNING_SECRET, BOARD_PASSWORD, TRUSTED_PROXIES, PAGER, VOICEMAIL_SPOOL, ASTERISK_VOICEMAIL_SPOOL,
      VOICEMAIL_MAILBOX, RECORDING_RETENTION_DAYS, PAGING_LEASE_SECONDS,
      INSTANCE_DEAD_AFTER_SECONDS, SMTP_URL, SMTP_USER, SMTP_PASSWORD, MAIL_FROM);

  /** How this instance's engines share the database with others (issue 17). */
  public record Engines(Duration pagingLease, Duration instanceDeadAfter) {}

  private static final List<String> OPTION_VARIABLES = List.of(CONFIG_DIR, DATA_DIR, API_URL, AGI_BIND, AGI_PORT,
      AGI_HOST, AGI_MAX_CALLS, HTTP_BIND, HTTP_PORT, VOICEMAIL_SPOOL, USER);

  /** The AMI link's account; {@link #toString()} never shows the secret. */
  public record Ami(String host, int port, String user, String secret) {
    @Override
    public String toString() {
      return "Ami[" + user + "@" + host + ":" + port + "]";
    }
  }

  /**
   * The database's account and pool sizes.
   *
   * @param url            empty: the embedded PostgreSQL under the data directory
   * @param poolSize       the calls' and the API's pool ({@value #DB_POOL_SIZE}, default 20)
   * @param enginePoolSize the paging and escalation engines' ({@value #DB_ENGINE_POOL_SIZE}, default 8, at least 2:
   *                       the outbox listener keeps one connection for itself)
   * @param downAlarm      how long the database may be down before the self-alarm ({@value #DB_DOWN_ALARM_SECONDS})
   */
  public record Database(Optional<String> url, String user, String password, int poolSize, int enginePoolSize,
      Duration downAlarm) {
    /** External when a URL is set, else embedded in {@code embeddedDirectory}. */
    public DatabaseConfig config(Path embeddedDirectory) {
      return DatabaseConfig.of(url.orElse(null), user, password, embeddedDirectory).withPoolSize(poolSize);
    }

    @Override
    public String toString() {
      return "Database[" + url.map(Settings::withoutQuery).orElse("embedded") + ", user=" + user + ", pools="
          + poolSize + "/" + enginePoolSize + ", downAlarm=" + downAlarm + "]";
    }
  }

  public Settings {
    optionDefaults = Map.copyOf(optionDefaults);
    agiAllowedPeers = Set.copyOf(agiAllowedPeers);
    shown = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(shown));
    problems = List.copyOf(problems);
  }

  /** The process's environment; called once, by the command line's entry point. */
  public static Settings fromSystem() {
    return read(System.getenv());
  }

  /** The settings {@code env} gives, with every problem listed rather than thrown. */
  public static Settings read(Map<String, String> env) {
    Reader r = new Reader(env);
    Map<String, String> options = new LinkedHashMap<>();
    for (String name : OPTION_VARIABLES) {
      r.text(name).ifPresent(v -> options.put(name, v));
    }
    Optional<Ami> ami = r.text(AMI_HOST).map(host -> new Ami(host, r.wholeNumber(AMI_PORT, 5038, 1, 65535),
        r.text(AMI_USER).orElse("astreinte"), r.text(AMI_SECRET).orElseGet(() -> {
          // Asterisk refuses a login without one: said at start, not as endless reconnections at 3 a.m.
          r.problems.add(AMI_SECRET + " absente alors que " + AMI_HOST + " est définie (le secret de l'utilisateur AMI,"
              + " le même que dans astreinte/manager-secret.conf côté Asterisk)");
          return "";
        })));
    Database database = new Database(r.text(DB_URL), env.getOrDefault(DB_USER, "postgres"),
        env.getOrDefault(DB_PASSWORD, ""), r.wholeNumber(DB_POOL_SIZE, 20, 1), r.wholeNumber(DB_ENGINE_POOL_SIZE, 8, 2),
        Duration.ofSeconds(r.wholeNumber(DB_DOWN_ALARM_SECONDS, 180, 1)));
    Optional<TwilioSettings> twilio = r.parse(() -> TwilioSettings.of(env.get(TwilioSettings.ENV_ACCOUNT_SID),
        env.get(TwilioSettings.ENV_AUTH_TOKEN), env.get(TwilioSettings.ENV_FROM), env.get(TwilioSettings.ENV_API_BASE),
        env.get(PUBLIC_URL))).flatMap(t -> t);
    Optional<URI> publicUrl = r.text(PUBLIC_URL).flatMap(u -> r.parse(PUBLIC_URL, () -> URI.create(u)));
    Optional<String> secret = r.text(URL_SIGNING_SECRET);
    secret.ifPresent(s -> r.parse(URL_SIGNING_SECRET, () -> new SignedUrls(s.getBytes(StandardCharsets.UTF_8),
        Clock.systemUTC())));
    VoicemailSettings voicemail = r.parse(() -> VoicemailSettings.of(env.get(VOICEMAIL_SPOOL),
        env.get(VOICEMAIL_MAILBOX), env.get(RECORDING_RETENTION_DAYS), env.get(ASTERISK_VOICEMAIL_SPOOL)))
        .orElse(VoicemailSettings.of(null, null, null));
    Set<InetAddress> peers = hosts(r, AGI_ALLOW);
    Set<InetAddress> proxies = hosts(r, TRUSTED_PROXIES);
    Engines engines = new Engines(
        r.parse(() -> PagingEngine.Settings.leaseFromEnvironment(env)).orElse(Duration.ofMinutes(3)),
        r.parse(() -> EngineHeartbeat.deadAfterFromEnvironment(env)).orElse(EngineHeartbeat.DEFAULT_DEAD_AFTER));
    Optional<MailSettings> mail = r.parse(() -> MailSettings.of(env.get(SMTP_URL), env.get(SMTP_USER),
        env.get(SMTP_PASSWORD), env.get(MAIL_FROM))).flatMap(m -> m);
    Map<String, String> shown = new LinkedHashMap<>();
    for (String name : KNOWN) {
      r.text(name).ifPresent(v -> shown.put(name, shown(name, v)));
    }
    return new Settings(options, r.text(API_TOKEN).map(String::trim), ami, database, twilio, publicUrl, secret,
        r.text(BOARD_PASSWORD), r.text(PAGER).map(String::trim), voicemail, peers, proxies, engines, mail, shown, r.problems);
  }

  /** No variable set: what a test or a demo starts with. */
  public static Settings none() {
    return read(Map.of());
  }

  /** The text of a variable that gives a command-line option its default, if set. */
  public Optional<String> optionDefault(String variable) {
    return Optional.ofNullable(optionDefaults.get(variable));
  }

  /** The same settings with the voicemail spool set when the environment gave none (the demo's own). */
  public Settings withDefaultSpool(Path spool) {
    return voicemail.spool().isPresent() ? this : new Settings(optionDefaults, apiToken, ami, database, twilio,
        publicUrl, signingSecret, boardPassword, pager, voicemail.withSpool(spool), agiAllowedPeers, trustedProxies, engines, mail, shown,
        problems);
  }

  /** The URL signer, built once at start with the server's clock; empty without a secret. */
  public Optional<SignedUrls> signer(Clock clock) {
    return signingSecret.map(s -> new SignedUrls(s.getBytes(StandardCharsets.UTF_8), clock));
  }

  /** Parses a variable of comma-separated hosts ({@value #AGI_ALLOW}, {@value #TRUSTED_PROXIES}). */
  private static Set<InetAddress> hosts(Reader r, String variable) {
    String csv = r.text(variable).orElse("");
    Set<InetAddress> out = new LinkedHashSet<>();
    if (csv.isBlank()) {
      return out;
    }
    for (String h : csv.split(",")) {
      try {
        out.add(InetAddress.getByName(h.trim()));
      } catch (UnknownHostException e) {
        r.problems.add(variable + " : hôte inconnu « " + h.trim() + " »");
      }
    }
    return out;
  }

  /** Every variable set, by name, in a stable order; secrets and the query of a database URL masked. */
  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "Settings[", "]");
    shown.forEach((name, value) -> j.add(name + "=" + value));
    return j.toString();
  }

  /** A variable's value as the start log may print it. */
  private static String shown(String name, String value) {
    if (SECRETS.contains(name)) {
      return "****";
    }
    if (name.equals(DB_URL)) {
      return withoutQuery(value); // a JDBC URL may carry the password
    }
    return name.equals(TwilioSettings.ENV_FROM) ? Phones.mask(value) : value;
  }

  static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?****";
  }

  /** Reads variables and collects what does not parse. */
  private static final class Reader {
    final Map<String, String> env;
    final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    Optional<String> text(String name) {
      String v = env.get(name);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    int wholeNumber(String name, int byDefault, int least) {
      return wholeNumber(name, byDefault, least, Integer.MAX_VALUE);
    }

    int wholeNumber(String name, int byDefault, int least, int most) {
      Optional<String> text = text(name);
      if (text.isEmpty()) {
        return byDefault;
      }
      try {
        int n = Integer.parseInt(text.get());
        if (n >= least && n <= most) {
          return n;
        }
      } catch (NumberFormatException e) {
        // said below
      }
      problems.add(name + " doit être un nombre entier " + (most == Integer.MAX_VALUE ? "d'au moins " + least
          : "de " + least + " à " + most) + ", pas « " + env.get(name) + " »");
      return byDefault;
    }

    <T> Optional<T> parse(java.util.function.Supplier<T> parser) {
      return parse(null, parser);
    }

    /** @param variable named before the message when the parser's message does not name it */
    <T> Optional<T> parse(String variable, java.util.function.Supplier<T> parser) {
      try {
        return Optional.of(parser.get());
      } catch (IllegalArgumentException e) {
        problems.add(variable == null ? e.getMessage() : variable + " : " + e.getMessage());
        return Optional.empty();
      }
    }
  }
}
