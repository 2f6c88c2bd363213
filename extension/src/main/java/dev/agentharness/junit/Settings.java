package dev.agentharness.junit;

import dev.agentharness.junit.AgentSession.Lifecycle;
import dev.agentharness.scenario.Scenario;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * A {@link Config} checked and resolved for one test class: the scenario loaded, the lifecycle decided.
 *
 * @param scenario the scenario to play, or null
 * @param where who configured the extension, for messages: {@code @AgentSession on com.example.FooTest}
 */
record Settings(Config config, Scenario scenario, Lifecycle lifecycle, String where) {

  /**
   * Checks {@code config} and loads its scenario with {@code testClass}'s class loader.
   *
   * @param classRegistered whether the extension was registered for the whole class (a static field)
   * @throws ExtensionConfigurationException saying what to fix
   */
  static Settings resolve(Config config, Class<?> testClass, boolean classRegistered) {
    String where = config.declarative() ? "@AgentSession on " + testClass.getName()
        : "AgentSessionExtension registered in " + testClass.getName();
    for (Fake f : config.fakesInOrder()) {
      if (FakeCatalog.of(f).isEmpty()) {
        throw new ExtensionConfigurationException(where + ": Fake." + f + " (" + f.fakeClass()
            + ") is not available in this version of agentharness-junit; available: " + FakeCatalog.available());
      }
    }
    if (!config.listeners().isEmpty() && !config.hasScenario()) {
      throw new ExtensionConfigurationException(where + ": session listeners receive the events of a simulated"
          + " session, and there is none without a scenario: add .scenario(...) to AgentSessionExtension.builder()");
    }
    if (config.lifecycle() == Lifecycle.PER_CLASS && !config.declarative() && !classRegistered) {
      throw new ExtensionConfigurationException(where + ": lifecycle(Lifecycle.PER_CLASS) needs a static"
          + " @RegisterExtension field: JUnit does not call an instance field's extension before and after all tests");
    }
    Scenario scenario = config.scenario();
    if (scenario == null && !config.scenarioResource().isEmpty()) {
      scenario = Scenarios.load(config.scenarioResource(), testClass, where);
    }
    Lifecycle lifecycle = config.lifecycle() != null ? config.lifecycle()
        : classRegistered ? Lifecycle.PER_CLASS : Lifecycle.PER_TEST;
    return new Settings(config, scenario, lifecycle, where);
  }

  /** How to start {@code fake}: {@code add @AgentSession(fakes = Fake.GEMINI_LIVE)}. */
  String startFake(Fake fake) {
    return config.declarative() ? "add @AgentSession(fakes = Fake." + fake + ")"
        : "add .fakes(Fake." + fake + ") to AgentSessionExtension.builder()";
  }

  /** How to add a scenario. */
  String addScenario() {
    return config.declarative() ? "add @AgentSession(scenario = \"scenarios/<name>.json\") with a scenario file"
        + " under src/test/resources/scenarios/"
        : "add .scenario(Scenario) or .scenario(\"scenarios/<name>.json\") to AgentSessionExtension.builder()";
  }

  /** How to share one session per class. */
  String perClass() {
    return config.declarative() ? "@AgentSession(lifecycle = Lifecycle.PER_CLASS)"
        : ".lifecycle(Lifecycle.PER_CLASS) on AgentSessionExtension.builder() (or a static @RegisterExtension field)";
  }
}
