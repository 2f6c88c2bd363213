package dev.agentharness.junit;

import dev.agentharness.clock.SessionClock;
import dev.agentharness.fake.FakeProvider;
import dev.agentharness.fake.FakeServer;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.ModelUsageCollector;
import dev.agentharness.usage.UsageCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * The parameter types the extension injects, as a composite: each {@link Injectable} serves some types,
 * and the first that supports a type resolves it (Mockito's {@code CompositeParameterResolver} pattern).
 * Types of agentharness's own packages that no injectable serves are claimed too, to fail with the list of
 * what is supported instead of JUnit's generic "no ParameterResolver".
 */
final class Injection {

  /** Packages of agentharness types a test might try to inject. */
  private static final List<String> OUR_PACKAGES = List.of("dev.agentharness.session.", "dev.agentharness.fake.",
      "dev.agentharness.ledger.", "dev.agentharness.usage.", "dev.agentharness.clock.", "dev.agentharness.scenario.",
      "dev.agentharness.client.", "dev.agentharness.metrics.", "dev.agentharness.room.", "dev.agentharness.junit.");

  /** Where to look for a value instead, for types that are near misses. */
  private static final Map<String, String> HINTS = Map.of(
      "dev.agentharness.usage.UsageSummary",
      "inject SimulatedSession and call usage(), or UsageCollector and call summary()",
      "dev.agentharness.ledger.Reconciliation", "inject SimulatedSession and call reconcile()",
      "dev.agentharness.usage.AgentSessionUsage", "inject SimulatedSession and call modelUsage()",
      "dev.agentharness.fake.FakeProvider", "inject the concrete fake, e.g. FakeOpenAiRealtime");

  private static final List<Injectable> INJECTABLES = List.of(new ScenarioInjectable(), new SessionInjectable(),
      new FakeInjectable(), new SharedInjectable());

  private Injection() {}

  /** Whether the extension answers for parameters of this type (possibly with an error). */
  static boolean claims(Class<?> type) {
    if (INJECTABLES.stream().anyMatch(i -> i.supports(type))) return true;
    String name = type.getName();
    return OUR_PACKAGES.stream().anyMatch(name::startsWith);
  }

  /**
   * The value for a parameter of {@code type}.
   *
   * @param harness the test's (or class's) harness, created on first call
   * @throws ParameterResolutionException for a type the extension does not provide
   * @throws ExtensionConfigurationException for a supported type this configuration cannot provide
   */
  static Object resolve(Class<?> type, Settings settings, Supplier<Harness> harness) {
    return injectable(type, settings).resolve(type, settings, harness);
  }

  /** Fails now, before anything starts, if a parameter of {@code type} certainly cannot be resolved. */
  static void check(Class<?> type, Settings settings) {
    injectable(type, settings).check(type, settings);
  }

  private static Injectable injectable(Class<?> type, Settings settings) {
    for (Injectable i : INJECTABLES) {
      if (i.supports(type)) return i;
    }
    if (FakeProvider.class.isAssignableFrom(type) && !java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
      throw new ParameterResolutionException(settings.where() + ": " + type.getSimpleName() + " is not a fake that"
          + " AgentSessionExtension starts (it starts " + FakeCatalog.types().stream().map(Class::getSimpleName)
          .collect(Collectors.joining(", ")) + "). Mount it yourself on the injected FakeServer, or start it with "
          + type.getSimpleName() + ".builder().start() and close it after the test");
    }
    throw new ParameterResolutionException(settings.where() + ": cannot inject a " + type.getName()
        + Optional.ofNullable(HINTS.get(type.getName())).map(h -> " (" + h + ")").orElse("")
        + ". AgentSessionExtension injects " + supported());
  }

  /** {@code SimulatedSession, FakeOpenAiRealtime, ...}. */
  static String supported() {
    List<Class<?>> types = new ArrayList<>();
    types.add(SimulatedSession.class);
    types.addAll(FakeCatalog.types());
    types.addAll(SharedInjectable.TYPES.keySet());
    types.add(Scenario.class);
    return types.stream().map(Class::getSimpleName).collect(Collectors.joining(", "));
  }

  /** Some of the injectable types. */
  interface Injectable {
    boolean supports(Class<?> type);

    /** Fails if the value certainly cannot be had, without starting anything. */
    default void check(Class<?> type, Settings settings) {}

    Object resolve(Class<?> type, Settings settings, Supplier<Harness> harness);
  }

  /** The parsed scenario; needs nothing started. */
  static final class ScenarioInjectable implements Injectable {
    @Override
    public boolean supports(Class<?> type) {
      return type == Scenario.class;
    }

    @Override
    public void check(Class<?> type, Settings settings) {
      if (settings.scenario() == null) {
        throw new ExtensionConfigurationException(settings.where() + " has no scenario to inject: "
            + settings.addScenario());
      }
    }

    @Override
    public Object resolve(Class<?> type, Settings settings, Supplier<Harness> harness) {
      check(type, settings);
      return settings.scenario();
    }
  }

  /** The simulated session of the scenario. */
  static final class SessionInjectable implements Injectable {
    @Override
    public boolean supports(Class<?> type) {
      return type == SimulatedSession.class;
    }

    @Override
    public void check(Class<?> type, Settings settings) {
      if (settings.scenario() == null) {
        throw new ExtensionConfigurationException("SimulatedSession needs a scenario, and " + settings.where()
            + " has none: " + settings.addScenario() + ". To drive fakes with your own client, inject the fakes"
            + " instead (e.g. FakeOpenAiRealtime)");
      }
    }

    @Override
    public Object resolve(Class<?> type, Settings settings, Supplier<Harness> harness) {
      check(type, settings);
      return harness.get().session();
    }
  }

  /** The fakes that run: those of the scenario and those of {@code fakes}. */
  static final class FakeInjectable implements Injectable {
    @Override
    public boolean supports(Class<?> type) {
      return FakeCatalog.of(type).isPresent();
    }

    @Override
    public void check(Class<?> type, Settings settings) {
      Fake fake = FakeCatalog.of(type).orElseThrow().fake();
      // with a scenario, only the session knows which fakes it runs: checked when resolved
      if (settings.scenario() == null && !settings.config().fakes().contains(fake)) {
        throw notRunning(type, fake, settings);
      }
    }

    @Override
    public Object resolve(Class<?> type, Settings settings, Supplier<Harness> harness) {
      check(type, settings);
      Fake fake = FakeCatalog.of(type).orElseThrow().fake();
      return harness.get().fake(type).orElseThrow(() -> notRunning(type, fake, settings));
    }

    private static ExtensionConfigurationException notRunning(Class<?> type, Fake fake, Settings settings) {
      String scenario = settings.scenario() == null ? ""
          : " (scenario '" + settings.scenario().name() + "' does not use it)";
      return new ExtensionConfigurationException(type.getSimpleName() + " is not running in this test" + scenario
          + ": " + settings.startFake(fake) + " or use " + fake.scenarioHint() + " [" + settings.where() + "]");
    }
  }

  /** What the fakes share (the session's, with a scenario) and the collectors. */
  static final class SharedInjectable implements Injectable {
    static final Map<Class<?>, Function<Harness, Object>> TYPES = types();

    private static Map<Class<?>, Function<Harness, Object>> types() {
      Map<Class<?>, Function<Harness, Object>> m = new LinkedHashMap<>();
      m.put(FakeServer.class, Harness::server);
      m.put(Ledger.class, Harness::ledger);
      m.put(UsageCollector.class, Harness::usageCollector);
      m.put(ModelUsageCollector.class, Harness::modelUsageCollector);
      m.put(SessionClock.class, Harness::clock);
      return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public boolean supports(Class<?> type) {
      return TYPES.containsKey(type);
    }

    @Override
    public Object resolve(Class<?> type, Settings settings, Supplier<Harness> harness) {
      return TYPES.get(type).apply(harness.get());
    }
  }
}
