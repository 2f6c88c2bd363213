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
import java.util.Arrays;
import java.util.List;

/**
 * The scenarios shipped in the session jar under {@value #DIR} (so that {@code @AgentSession} tests can name
 * them too), listed in {@code index.txt} there: one per line, its name, then the
 * {@code simulate} options it is run with, when the scenario file alone cannot say it (a collector profile,
 * the STT measured as before LiveKit 1.5.7, every metric collected twice, an expectation that shows the bug).
 * Allowed there: {@code --profile ID}, {@code --no-stt-remainder}, {@code --duplicate-metrics},
 * {@code --expect EXPR} (no spaces in EXPR).
 */
final class BundledScenarios {

  static final String DIR = "dev/agentharness/scenarios/";

  /** A bundled scenario: its name and the options it brings. */
  record Entry(String name, List<String> options) {
    Entry {
      options = List.copyOf(options);
    }

    Scenario scenario() {
      return ScenarioParser.readResource(DIR + name + ".json", BundledScenarios.class.getClassLoader());
    }

    /** The values of {@code --profile} among the options. */
    List<String> profiles() {
      return values("--profile");
    }

    List<String> expectations() {
      return values("--expect");
    }

    boolean sttRemainder() {
      return !options.contains("--no-stt-remainder");
    }

    boolean duplicateMetrics() {
      return options.contains("--duplicate-metrics");
    }

    private List<String> values(String option) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i + 1 < options.size(); i++) {
        if (options.get(i).equals(option)) out.add(options.get(i + 1));
      }
      return out;
    }
  }

  private BundledScenarios() {}

  static List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    try (InputStream in = BundledScenarios.class.getClassLoader().getResourceAsStream(DIR + "index.txt")) {
      if (in == null) return entries;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        int number = 0;
        for (String line; (line = r.readLine()) != null; ) {
          number++;
          line = line.strip();
          if (line.isEmpty() || line.startsWith("#")) continue;
          List<String> words = Arrays.asList(line.split("\\s+"));
          entries.add(new Entry(words.get(0), check(words.subList(1, words.size()), number)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  private static List<String> check(List<String> options, int line) {
    for (int i = 0; i < options.size(); i++) {
      String o = options.get(i);
      if (o.equals("--profile") || o.equals("--expect")) {
        if (++i >= options.size()) throw new IllegalStateException("index.txt:" + line + ": " + o + " needs a value");
      } else if (!o.equals("--no-stt-remainder") && !o.equals("--duplicate-metrics")) {
        throw new IllegalStateException("index.txt:" + line + ": " + o
            + " is not an option a bundled scenario may bring");
      }
    }
    return options;
  }

  static List<String> names() {
    return entries().stream().map(Entry::name).toList();
  }

  /** The bundled scenario of that name (a trailing {@code .json} is allowed), or null. */
  static Entry find(String name) {
    String n = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return entries().stream().filter(e -> e.name().equals(n)).findFirst().orElse(null);
  }

  /**
   * A file path, or the name of a scenario shipped in the jar (indexed or not, e.g. {@code serve-default}).
   *
   * @throws IllegalArgumentException when it is neither, with "did you mean"
   * @throws dev.agentharness.scenario.ScenarioException when the file is not a valid scenario
   */
  static Scenario load(String nameOrPath) {
    if (isFile(nameOrPath)) return ScenarioParser.read(Path.of(nameOrPath));
    String name = nameOrPath.endsWith(".json") ? nameOrPath.substring(0, nameOrPath.length() - 5) : nameOrPath;
    if (BundledScenarios.class.getClassLoader().getResource(DIR + name + ".json") != null) {
      return ScenarioParser.readResource(DIR + name + ".json", BundledScenarios.class.getClassLoader());
    }
    throw new IllegalArgumentException(notFound(nameOrPath));
  }

  /** Whether {@code nameOrPath} is an existing file (files win over bundled names). */
  static boolean isFile(String nameOrPath) {
    return Files.isRegularFile(Path.of(nameOrPath));
  }

  /** The message for a name that is neither a file nor a bundled scenario. */
  static String notFound(String nameOrPath) {
    String name = nameOrPath.endsWith(".json") ? nameOrPath.substring(0, nameOrPath.length() - 5) : nameOrPath;
    boolean looksLikeFile = nameOrPath.contains("/") || nameOrPath.contains("\\") || nameOrPath.endsWith(".json");
    return (looksLikeFile ? nameOrPath + ": no such file, and no bundled scenario named \"" + name + "\""
        : "no scenario file or bundled scenario named \"" + nameOrPath + "\"")
        + Suggest.didYouMean(name, names()) + " (list the bundled ones with: agentharness simulate --list)";
  }
}
