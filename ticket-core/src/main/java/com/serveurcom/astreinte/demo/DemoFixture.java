package com.serveurcom.astreinte.demo;

import com.serveurcom.astreinte.calendar.ParisTime;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;

import com.serveurcom.astreinte.account.Account;
import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.account.NewAccount;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.ticket.ImportedTicket;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Service;
import com.serveurcom.astreinte.ticket.TicketStatus;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Loads demo accounts and tickets from a YAML file (the bundled one is {@code demo/demo.yaml},
 * the fixture of the acceptance call scenarios). Idempotent: accounts are upserted by name,
 * tickets by number, with their numbers, opening instants and statuses exactly as given.
 */
public final class DemoFixture {
  public static final String BUNDLED = "demo/demo.yaml";
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final String ACTOR = "demo-fixture";

  /** What a load does with the accounts and tickets already in the database. */
  public enum Mode {
    /** Everything back as the fixture gives it (accounts upserted by name, tickets by number). */
    RESET,
    /** Only what is missing is added: what a person changed in the demo survives a restart. */
    KEEP_CHANGES
  }

  /** What a load did. */
  public record Result(int accounts, int tickets, int ticketsChanged) {}

  private final Database database;
  private final AccountStore accounts;
  private final TicketStore tickets;

  public DemoFixture(Database database, AccountStore accounts, TicketStore tickets) {
    this.database = database;
    this.accounts = accounts;
    this.tickets = tickets;
  }

  /** Loads the fixture bundled in the jar, resetting the demo's accounts and tickets. */
  public Result loadBundled() {
    return loadBundled(Mode.RESET);
  }

  /** Loads the fixture bundled in the jar. */
  public Result loadBundled(Mode mode) {
    try (InputStream in = DemoFixture.class.getClassLoader().getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("classpath resource " + BUNDLED + " is missing");
      }
      return load(new InputStreamReader(in, StandardCharsets.UTF_8), "classpath:" + BUNDLED, mode);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads a fixture, resetting; everything or nothing (one transaction). */
  public Result load(Reader reader, String source) {
    return load(reader, source, Mode.RESET);
  }

  /** Loads a fixture; everything or nothing (one transaction). */
  public Result load(Reader reader, String source, Mode mode) {
    Map<String, Object> root = map(new Load(LoadSettings.builder().setLabel(source).build())
        .loadFromReader(reader), source, "document");
    ZoneId zone = ZoneId.of(string(root, "timezone", source, ParisTime.ZONE.getId()));
    List<NewAccount> newAccounts = new ArrayList<>();
    for (Object o : list(root, "accounts", source)) {
      Map<String, Object> a = map(o, source, "accounts[]");
      Set<Service> services = EnumSet.noneOf(Service.class);
      for (Object s : list(a, "oncall_services", source)) {
        services.add(Service.fromCode(String.valueOf(s)));
      }
      List<String> phones = list(a, "phones", source).stream().map(String::valueOf).toList();
      newAccounts.add(new NewAccount(string(a, "name", source, null),
          Boolean.TRUE.equals(a.get("oncall_option")), services, phones));
    }
    List<Object> ticketNodes = list(root, "tickets", source);
    return database.transactionResult(tx -> {
      Map<String, Account> byName = new HashMap<>();
      for (NewAccount na : newAccounts) {
        Account kept = mode == Mode.KEEP_CHANGES ? accounts.findByName(na.name()).orElse(null) : null;
        byName.put(na.name(), kept != null ? kept : accounts.upsertByName(tx, na));
      }
      int changed = 0;
      for (Object o : ticketNodes) {
        Map<String, Object> t = map(o, source, "tickets[]");
        String number = string(t, "number", source, null);
        String where = source + ": ticket " + number;
        if (mode == Mode.KEEP_CHANGES && tx.fetchExists(TICKET, TICKET.NUMBER.eq(number))) {
          continue;
        }
        String accountName = string(t, "account", source, null);
        Account account = byName.get(accountName);
        if (account == null) {
          account = accounts.findByName(accountName).orElseThrow(
              () -> new IllegalArgumentException(where + ": unknown account '" + accountName + "'"));
        }
        ImportedTicket it = new ImportedTicket(number, account.id(),
            Service.fromCode(string(t, "service", source, null)),
            optional(t, "motive"),
            Priority.fromCode(string(t, "priority", source, null)),
            TicketStatus.fromCode(string(t, "status", source, "new")),
            optional(t, "subject"),
            optional(t, "description"),
            optional(t, "contact_name"),
            optional(t, "contact_email"),
            optional(t, "contact_phone"),
            optional(t, "assignee"),
            instant(string(t, "opened", source, null), zone, where),
            instantOrNull(optional(t, "taken_in_charge"), zone, where),
            instantOrNull(optional(t, "resolved"), zone, where));
        if (tickets.upsertImported(tx, it, ACTOR)) {
          changed++;
        }
      }
      return new Result(newAccounts.size(), ticketNodes.size(), changed);
    });
  }

  private static Instant instantOrNull(String local, ZoneId zone, String where) {
    return local == null ? null : instant(local, zone, where);
  }

  private static Instant instant(String local, ZoneId zone, String where) {
    try {
      return LocalDateTime.parse(local, LOCAL).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(where + ": date '" + local + "' is not 'yyyy-MM-dd HH:mm'", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String source, String what) {
    if (!(o instanceof Map)) {
      throw new IllegalArgumentException(source + ": " + what + " must be a mapping");
    }
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> m, String key, String source) {
    Object o = m.get(key);
    if (o == null) {
      return List.of();
    }
    if (!(o instanceof List)) {
      throw new IllegalArgumentException(source + ": '" + key + "' must be a list");
    }
    return (List<Object>) o;
  }

  private static String string(Map<String, Object> m, String key, String source, String fallback) {
    Object o = m.get(key);
    if (o == null) {
      if (fallback == null) {
        throw new IllegalArgumentException(source + ": missing '" + key + "' in " + m);
      }
      return fallback;
    }
    return String.valueOf(o);
  }

  private static String optional(Map<String, Object> m, String key) {
    Object o = m.get(key);
    return o == null || String.valueOf(o).isBlank() ? null : String.valueOf(o);
  }
}
