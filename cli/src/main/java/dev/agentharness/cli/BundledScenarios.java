package dev.agentharness.cli;

import dev.agentharness.scenario.Scenario;
import dev.agentharness.scenario.ScenarioParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The scenarios shipped in the CLI jar, listed in {@code scenarios/index.txt}. */
final class BundledScenarios {

  static final String DIR = "dev/agentharness/cli/scenarios/";

  private BundledScenarios() {}

  static List<String> names() {
    List<String> names = new ArrayList<>();
    try (InputStream in = BundledScenarios.class.getClassLoader().getResourceAsStream(DIR + "index.txt")) {
      if (in == null) return names;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          line = line.strip();
          if (!line.isEmpty() && !line.startsWith("#")) names.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  /** A file path, or the name of a bundled scenario. */
  static Scenario load(String nameOrPath) {
    Path p = Path.of(nameOrPath);
    if (Files.exists(p)) return ScenarioParser.read(p);
    String name = nameOrPath.endsWith(".json") ? nameOrPath.substring(0, nameOrPath.length() - 5) : nameOrPath;
    if (BundledScenarios.class.getClassLoader().getResource(DIR + name + ".json") != null) {
      return ScenarioParser.readResource(DIR + name + ".json", BundledScenarios.class.getClassLoader());
    }
    throw new IllegalArgumentException("no scenario file or bundled scenario named \"" + nameOrPath + "\""
        + Suggest.didYouMean(name, names()) + "; list the bundled ones with: agentharness simulate --list");
  }
}
