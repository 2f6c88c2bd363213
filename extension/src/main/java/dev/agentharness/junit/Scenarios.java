package dev.agentharness.junit;

import dev.agentharness.scenario.Scenario;
import dev.agentharness.scenario.ScenarioException;
import dev.agentharness.scenario.ScenarioParser;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Loads the scenario a test class names, with errors that say what to fix. */
final class Scenarios {

  private Scenarios() {}

  /**
   * Reads a {@code .json} classpath resource with {@code testClass}'s class loader.
   *
   * @throws ExtensionConfigurationException if the name is not a JSON file, the resource does not exist,
   *     or the scenario is malformed (then with the {@link ScenarioException}'s file:line:column message)
   */
  static Scenario load(String resource, Class<?> testClass, String where) {
    if (!resource.toLowerCase(Locale.ROOT).endsWith(".json")) {
      throw new ExtensionConfigurationException(where + ": scenario = \"" + resource + "\" is not a scenario file:"
          + " a scenario is a JSON classpath resource ending in .json,"
          + " e.g. \"scenarios/greeting-openai-realtime.json\"");
    }
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    ClassLoader loader = testClass.getClassLoader() != null ? testClass.getClassLoader()
        : ClassLoader.getSystemClassLoader();
    if (loader.getResource(name) == null) {
      throw new ExtensionConfigurationException(where + ": scenario resource \"" + resource
          + "\" is not on the test classpath. Put the file at src/test/resources/" + name
          + " (a resource is named from the classpath root)" + siblings(loader, name));
    }
    try {
      return ScenarioParser.readResource(name, loader);
    } catch (ScenarioException e) {
      throw new ExtensionConfigurationException(e.getMessage() + "\n  (the scenario of " + where + ")", e);
    }
  }

  /** Where the scenarios bundled with agentharness (those of {@code agentharness simulate --list}) are. */
  static final String BUNDLED = "dev/agentharness/scenarios/";

  /** {@code ; did you mean "scenarios/greeting.json"? Scenarios in scenarios/: ...}, or what is known. */
  private static String siblings(ClassLoader loader, String name) {
    int slash = name.lastIndexOf('/');
    String dir = slash < 0 ? "" : name.substring(0, slash + 1);
    String file = name.substring(slash + 1);
    if (!dir.equals(BUNDLED) && loader.getResource(BUNDLED + file) != null) {
      return "; agentharness bundles a scenario of that name: \"" + BUNDLED + file + "\"";
    }
    Set<String> found = jsonFilesIn(loader, dir);
    if (found.isEmpty()) {
      return dir.isEmpty() ? "" : "; the classpath has no scenario files in " + dir;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String f : found) {
      int d = distance(f.toLowerCase(Locale.ROOT), file.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = f;
      }
    }
    List<String> shown = found.stream().limit(12).toList();
    String listing = String.join(", ", shown) + (found.size() > shown.size() ? ", ..." : "");
    String where = dir.isEmpty() ? "at the classpath root" : "in " + dir;
    if (bestDistance <= Math.max(2, file.length() / 3)) {
      return "; did you mean \"" + dir + best + "\"? Scenario files " + where + ": " + listing;
    }
    return "; scenario files " + where + ": " + listing;
  }

  /** The {@code .json} files directly in classpath directory {@code dir} (directories and jars). */
  private static Set<String> jsonFilesIn(ClassLoader loader, String dir) {
    Set<String> names = new TreeSet<>();
    try {
      Enumeration<URL> urls = loader.getResources(dir);
      while (urls.hasMoreElements()) {
        URL url = urls.nextElement();
        if (url.getProtocol().equals("file")) {
          try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            files.map(p -> p.getFileName().toString()).filter(Scenarios::isJson).forEach(names::add);
          }
        } else if (url.getProtocol().equals("jar")) {
          URLConnection c = url.openConnection();
          if (!(c instanceof JarURLConnection j)) continue;
          j.setUseCaches(false);
          try (JarFile jar = j.getJarFile()) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
              String entry = e.nextElement().getName();
              if (entry.startsWith(dir) && entry.indexOf('/', dir.length()) < 0 && isJson(entry)) {
                names.add(entry.substring(dir.length()));
              }
            }
          }
        }
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      // the listing is only a hint
    }
    return names;
  }

  private static boolean isJson(String name) {
    return name.toLowerCase(Locale.ROOT).endsWith(".json");
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
