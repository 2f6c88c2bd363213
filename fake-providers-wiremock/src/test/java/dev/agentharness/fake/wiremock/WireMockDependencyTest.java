package dev.agentharness.fake.wiremock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * How this module uses WireMock: never through the static DSL, only through types the thin and the standalone
 * jar share, and never on its users' classpath but as {@code provided}. (The parent POM's enforcer rule keeps
 * WireMock out of every module's compile and runtime scope; FakeProvidersClasspathTest in fake-providers and
 * the extension's ClasspathTest load-check it.)
 */
class WireMockDependencyTest {

  static final String WIREMOCK_DSL = "com/github/tomakehurst/wiremock/client/WireMock";
  /** The static methods of {@code WireMock} that act on its process-wide default instance. */
  static final Set<String> STATIC_DSL = Set.of("configure", "configureFor", "editStub", "findAll",
      "findNearMissesFor", "findNearMissesForAllUnmatched", "findStubsByMetadata", "findUnmatchedRequests",
      "getAllScenarios", "getAllServeEvents", "getRecordingStatus", "getSettings", "getSingleStubMapping",
      "givenThat", "importStubs", "listAllStubMappings", "removeAllMappings", "removeEventsByStubMetadata",
      "removeServeEvent", "removeServeEvents", "removeStub", "removeStubsByMetadata", "reset", "resetAllRequests",
      "resetAllScenarios", "resetScenario", "resetToDefault", "saveAllMappings", "setGlobalFixedDelay",
      "setGlobalRandomDelay", "setScenarioState", "shutdownServer", "snapshotRecord", "startRecording",
      "stopRecording", "stubFor", "updateSettings", "verify");
  /** What the module's own classes may name: the JDK, agentharness, and WireMock's API (never its libraries). */
  static final List<String> ALLOWED = List.of("java/", "dev/agentharness/", "com/github/tomakehurst/wiremock/");
  static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L([A-Za-z_$][\\w/$]*);");

  static Path classesOf(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  static List<Path> classFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".class")).toList();
    }
  }

  static ClassFile read(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return ClassFile.read(in);
    }
  }

  static ClassFile wireMockClass(String internalName) throws IOException {
    try (InputStream in = WireMockServer.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
      return ClassFile.read(in);
    }
  }

  static List<String> staticDslCalls(ClassFile c) {
    return c.methodRefs.stream().filter(r -> r.owner().equals(WIREMOCK_DSL) && STATIC_DSL.contains(r.name()))
        .map(r -> "WireMock." + r.name()).toList();
  }

  /** Every type a class names (class constants and descriptors) that is not allowed. */
  static Set<String> foreignTypes(ClassFile c) {
    Set<String> names = new TreeSet<>();
    for (String n : c.classNames) names.add(n.replaceAll("^\\[+L?|;$", ""));
    for (String u : c.utf8) {
      Matcher m = DESCRIPTOR_TYPE.matcher(u);
      while (m.find()) names.add(m.group(1));
    }
    names.removeIf(n -> n.length() <= 1 || ALLOWED.stream().anyMatch(n::startsWith));
    return names;
  }

  @Test
  void nothingHereUsesTheStaticDsl() throws Exception {
    List<String> found = new ArrayList<>();
    for (Path root : List.of(classesOf(WireMockFakes.class), classesOf(WireMockDependencyTest.class))) {
      for (Path p : classFiles(root)) {
        for (String call : staticDslCalls(read(p))) found.add(root.relativize(p) + ": " + call);
      }
    }
    assertThat(found).isEmpty();
    // the check can fail: WireMock's own JUnit extension configures the static DSL
    assertThat(staticDslCalls(wireMockClass("com/github/tomakehurst/wiremock/junit5/WireMockExtension")))
        .contains("WireMock.configureFor");
  }

  @Test
  void theModuleNamesOnlyTypesBothWireMockJarsShare() throws Exception {
    List<Path> main = classFiles(classesOf(WireMockFakes.class));
    assertThat(main).hasSizeGreaterThan(5);
    List<String> found = new ArrayList<>();
    for (Path p : main) {
      for (String t : foreignTypes(read(p))) found.add(p.getFileName() + ": " + t);
    }
    assertThat(found).isEmpty();
    // the check can fail: withJsonBody(JsonNode) names Jackson, relocated in the standalone jar or not
    assertThat(foreignTypes(wireMockClass("com/github/tomakehurst/wiremock/client/ResponseDefinitionBuilder")))
        .anyMatch(t -> t.endsWith("com/fasterxml/jackson/databind/JsonNode"));
  }

  @Test
  void theTestsRunOnTheWireMockJarTheyClaim() throws Exception {
    String flavour = System.getProperty("agentharness.wiremock.flavour");
    assumeThat(flavour).as("set by the surefire executions").isNotNull();
    String jar = classesOf(WireMockServer.class).getFileName().toString();
    ClassLoader loader = WireMockServer.class.getClassLoader();
    if (flavour.equals("thin")) {
      assertThat(jar).startsWith("wiremock-3.");
      assertThat(loader.getResource("org/eclipse/jetty/server/Server.class")).isNotNull();
      assertThat(loader.getResource("wiremock/org/eclipse/jetty/server/Server.class")).isNull();
    } else {
      assertThat(flavour).isEqualTo("standalone");
      assertThat(jar).startsWith("wiremock-standalone-3.");
      assertThat(loader.getResource("wiremock/org/eclipse/jetty/server/Server.class")).isNotNull();
      assertThat(loader.getResource("org/eclipse/jetty/server/Server.class")).isNull();
    }
  }

  @Test
  void wireMockIsProvidedNeverPassedOn() throws Exception {
    Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile())
        .getDocumentElement();
    assertThat(child(project, "artifactId").getTextContent()).isEqualTo("agentharness-fake-providers-wiremock");
    NodeList deps = child(project, "dependencies").getElementsByTagName("dependency");
    int wireMock = 0;
    for (int i = 0; i < deps.getLength(); i++) {
      Element d = (Element) deps.item(i);
      String group = d.getElementsByTagName("groupId").item(0).getTextContent();
      if (!group.equals("org.wiremock") && !group.equals("com.github.tomakehurst")) continue;
      wireMock++;
      NodeList scope = d.getElementsByTagName("scope");
      assertThat(scope.getLength() == 0 ? "compile" : scope.item(0).getTextContent()).isIn("provided", "test");
    }
    assertThat(wireMock).isEqualTo(1);
  }

  static Element child(Element parent, String name) {
    for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) return e;
    }
    throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
  }
}
