package com.serveurcom.astreinte.config;

import com.serveurcom.astreinte.calendar.BusinessCalendar;
import com.serveurcom.astreinte.calendar.CalendarDefinition;
import com.serveurcom.astreinte.calendar.HolidayRules;
import com.serveurcom.astreinte.escalation.EscalationMatrix;
import com.serveurcom.astreinte.sla.SlaTargets;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
  /** The files, in the order they are read; the watcher fingerprints the same list. */
  public static final List<String> FILES = List.of(HOURS, HOLIDAYS, CLOSURES, SLA, ESCALATION);

  private ConfigLoader() {}

  public static ConfigLoadResult load(Path dir) {
    List<ConfigProblem> problems = new ArrayList<>();
    var hours = read(dir, HOURS, problems, CalendarConfigReader::hours);
    HolidayRules holidays = read(dir, HOLIDAYS, problems, CalendarConfigReader::holidays);
    var closures = read(dir, CLOSURES, problems, CalendarConfigReader::closures);
    SlaTargets sla = read(dir, SLA, problems, SlaConfigReader::read);
    EscalationMatrix escalation = read(dir, ESCALATION, problems, EscalationConfigReader::read);
    if (!problems.isEmpty() || hours == null || holidays == null || closures == null || sla == null || escalation == null) {
      return new ConfigLoadResult.Invalid(problems);
    }
    CalendarDefinition def = new CalendarDefinition(
        hours.zone(), hours.hours(), holidays, closures.closures(), closures.openings());
    return new ConfigLoadResult.Valid(new AstreinteConfig(new BusinessCalendar(def), sla, escalation));
  }

  private static <T> T read(Path dir, String name, List<ConfigProblem> problems, BiFunction<Node, Yaml, T> reader) {
    Path file = dir.resolve(name);
    String label = file.toString();
    Optional<Node> root;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Compose(LoadSettings.builder().setLabel(label).build()).composeReader(in);
    } catch (NoSuchFileException e) {
      problems.add(new ConfigProblem(label, 1, 1, "fichier introuvable"));
      return null;
    } catch (IOException e) {
      problems.add(new ConfigProblem(label, 1, 1, "lecture impossible : " + e.getMessage()));
      return null;
    } catch (MarkedYamlEngineException e) {
      Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
      problems.add(new ConfigProblem(label, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1,
          "syntaxe YAML incorrecte : " + e.getProblem()));
      return null;
    } catch (YamlEngineException e) {
      problems.add(new ConfigProblem(label, 1, 1, "syntaxe YAML incorrecte : " + e.getMessage()));
      return null;
    }
    if (root.isEmpty()) {
      problems.add(new ConfigProblem(label, 1, 1, "fichier vide"));
      return null;
    }
    return reader.apply(root.get(), new Yaml(label, problems));
  }
}
