package com.serveurcom.astreinte.config;

import com.serveurcom.astreinte.calendar.ParisTime;
import com.serveurcom.astreinte.calendar.BusinessCalendar;
import com.serveurcom.astreinte.calendar.CalendarDefinition;
import com.serveurcom.astreinte.calendar.HolidayRules;
import com.serveurcom.astreinte.escalation.EscalationMatrix;
import com.serveurcom.astreinte.rota.Gap;
import com.serveurcom.astreinte.sla.SlaTargets;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Loads the admins' config directory. Every file is read and every problem reported (the admin
 * fixes them all in one go); the result is a whole config or the problems, never a partial one.
 * No logging here: the command line's fast paths call it and should not start a logging backend.
 */
public final class ConfigLoader {
  public static final String HOURS = "horaires.yaml";
  public static final String HOLIDAYS = "jours-feries.yaml";
  public static final String CLOSURES = "fermetures.yaml";
  public static final String SLA = "sla.yaml";
  public static final String ESCALATION = "escalade.yaml";
  public static final String ROTA = RotaConfigReader.FILE;
  public static final String MESSAGES = MessageTexts.FILE;
  /** The files, in the order they are read; the watcher fingerprints the same list. */
  public static final List<String> FILES = List.of(HOURS, HOLIDAYS, CLOSURES, SLA, ESCALATION, ROTA, MESSAGES);
  /** How far ahead {@link #check} looks for closed periods with nobody on duty. */
  /** How many weeks ahead a closed period with nobody on duty is a problem (config check) and a warning (oncall week). */
  public static final int COVERAGE_WEEKS = 8;

  public static final Duration COVERAGE_HORIZON = Duration.ofDays(7L * COVERAGE_WEEKS);

  private ConfigLoader() {}

  /**
   * The config as written, checked for everything that does not depend on the date. Used at start
   * and on reload: a rota gap (which depends on today's date) does not refuse a reload, because the
   * newest rota is then still closer to the admins' intent than the one it replaces; {@code config
   * check} and {@code oncall week} report gaps.
   */
  public static ConfigLoadResult load(Path dir) {
    return loadWithSource(dir).result;
  }

  /**
   * {@link #load} plus on-call coverage: each closed period of the line within
   * [{@code now}, {@code now} + {@link #COVERAGE_HORIZON}) with nobody on duty is a problem, reported
   * at the rotation in astreinte.yaml. A gap is an error, not a warning: a closed line with nobody
   * on duty breaks the seed's promise (a page within 30 minutes, at any hour).
   */
  public static ConfigLoadResult check(Path dir, Instant now) {
    Loaded l = loadWithSource(dir);
    if (!(l.result instanceof ConfigLoadResult.Valid v)) {
      return l.result;
    }
    AstreinteConfig c = v.config();
    List<ConfigProblem> problems = new ArrayList<>();
    Yaml y = new Yaml(dir.resolve(ROTA).toString(), problems);
    for (Gap g : c.rota().gaps(now, now.plus(COVERAGE_HORIZON), c.calendar())) {
      y.problem(l.rotationNode, "rotation : " + RotaText.gap(g, c.rota(), c.calendar().zone()));
    }
    return problems.isEmpty() ? l.result : new ConfigLoadResult.Invalid(problems);
  }

  private record Loaded(ConfigLoadResult result, Node rotationNode) {}

  private static Loaded loadWithSource(Path dir) {
    List<ConfigProblem> problems = new ArrayList<>();
    var hours = read(dir, HOURS, problems, CalendarConfigReader::hours);
    HolidayRules holidays = read(dir, HOLIDAYS, problems, CalendarConfigReader::holidays);
    var closures = read(dir, CLOSURES, problems, CalendarConfigReader::closures);
    SlaTargets sla = read(dir, SLA, problems, SlaConfigReader::read);
    EscalationMatrix escalation = read(dir, ESCALATION, problems, EscalationConfigReader::read);
    // The rota's local times are the calendar's; with a broken horaires.yaml, Paris lets the rota
    // file still be checked (the load fails anyway).
    ZoneId zone = hours != null ? hours.zone() : ParisTime.ZONE;
    RotaConfigReader.Parsed rota = read(dir, ROTA, problems, (node, y) -> RotaConfigReader.read(node, y, zone));
    MessageTexts messages = read(dir, MESSAGES, problems, MessageTexts::read);
    if (!problems.isEmpty() || hours == null || holidays == null || closures == null || sla == null || escalation == null
        || rota == null || messages == null) {
      return new Loaded(new ConfigLoadResult.Invalid(problems), null);
    }
    CalendarDefinition def = new CalendarDefinition(
        hours.zone(), hours.hours(), holidays, closures.closures(), closures.openings());
    return new Loaded(new ConfigLoadResult.Valid(new AstreinteConfig(new BusinessCalendar(def), sla, escalation, rota.rota(),
        messages)),
        rota.rotationNode());
  }

  private static <T> T read(Path dir, String name, List<ConfigProblem> problems, BiFunction<Node, Yaml, T> reader) {
    Path file = dir.resolve(name);
    Node root = YamlFile.compose(file, problems);
    return root == null ? null : reader.apply(root, new Yaml(file.toString(), problems));
  }
}
