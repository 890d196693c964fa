package com.serveurcom.astreinte.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads one of the administrators' YAML files into its node tree, keeping every line and column, so
 * that each problem found later is named {@code FILE:LINE:COLUMN}. A file that cannot be read, is not
 * YAML or is empty is a problem here.
 */
public final class YamlFile {
  private YamlFile() {}

  /** The root node of {@code file}; null after adding the problem to {@code problems}. */
  public static Node compose(Path file, List<ConfigProblem> problems) {
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
    return root.get();
  }
}
