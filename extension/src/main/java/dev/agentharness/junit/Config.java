package dev.agentharness.junit;

import dev.agentharness.clock.ClockMode;
import dev.agentharness.junit.AgentSession.Lifecycle;
import dev.agentharness.scenario.Providers.OpenAiDialect;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.session.SessionListener;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What an {@link AgentSession} annotation or an {@link AgentSessionExtension.Builder} says, as given:
 * nothing loaded or checked yet.
 *
 * @param scenarioResource a classpath resource, or empty
 * @param scenario a scenario built in code, or null
 * @param lifecycle null: per class for a static {@code @RegisterExtension} field, per test otherwise
 * @param declarative true for {@code @AgentSession}: messages then say how to fix the annotation
 */
record Config(String scenarioResource, Scenario scenario, Set<Fake> fakes, List<SessionListener> listeners,
    ClockMode clock, OpenAiDialect dialect, String apiKey, boolean tls, boolean failOnUnreconciledUsage,
    Lifecycle lifecycle, boolean declarative) {

  /** An annotation's defaults: what {@code @ExtendWith(AgentSessionExtension.class)} alone gets. */
  static final Config DEFAULTS = new Config("", null, Set.of(), List.of(), ClockMode.VIRTUAL, OpenAiDialect.GA, "",
      false, false, Lifecycle.PER_TEST, true);

  Config {
    fakes = fakes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(fakes));
    listeners = List.copyOf(listeners);
  }

  static Config of(AgentSession a) {
    return new Config(a.scenario().strip(), null, setOf(a.fakes()), List.of(), a.clock(), a.dialect(), a.apiKey(),
        a.tls(), a.failOnUnreconciledUsage(), a.lifecycle(), true);
  }

  static Set<Fake> setOf(Fake... fakes) {
    return fakes.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(fakes));
  }

  boolean hasScenario() {
    return scenario != null || !scenarioResource.isEmpty();
  }

  /** The fakes in declaration order of {@link Fake}. */
  List<Fake> fakesInOrder() {
    return Arrays.stream(Fake.values()).filter(fakes::contains).toList();
  }
}
