package dev.agentharness.junit;

import static dev.agentharness.junit.AgentTestKit.execute;
import static dev.agentharness.junit.AgentTestKit.firstFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.fake.openai.FakeOpenAiRealtime;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.scenario.ScenarioException;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.UsageSummary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Each misuse fails fast, with the exception type JUnit users expect and a message that says how to fix it. */
class MisconfigurationTests {

  @Test
  void anUnsupportedAgentharnessParameterTypeListsTheSupportedTypes() {
    EngineExecutionResults results = execute(UnknownTypeFixture.class);

    results.testEvents().assertStatistics(s -> s.failed(1));
    assertThat(firstFailure(results.testEvents()))
        .isInstanceOf(ParameterResolutionException.class)
        .hasMessageContaining("cannot inject a dev.agentharness.usage.UsageSummary")
        .hasMessageContaining("inject SimulatedSession and call usage()")
        .hasMessageContaining("AgentSessionExtension injects SimulatedSession, FakeOpenAiRealtime, FakeGeminiLive,"
            + " FakeOpenAiChat, FakeOpenAiSpeech, FakeDeepgram, FakeElevenLabs, FakeCartesia, FakeServer, Ledger,"
            + " UsageCollector, ModelUsageCollector, SessionClock, Scenario")
        .hasMessageContaining("@AgentSession on " + UnknownTypeFixture.class.getName());
  }

  @Test
  void aFakeThatIsNotStartedSaysHowToStartIt() {
    EngineExecutionResults results = execute(FakeNotStartedFixture.class);

    results.testEvents().assertStatistics(s -> s.failed(1));
    assertThat(firstFailure(results.testEvents()))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageStartingWith("FakeOpenAiRealtime is not running in this test: add @AgentSession(fakes ="
            + " Fake.OPENAI_REALTIME) or use an OpenAI Realtime scenario");
  }

  @Test
  void aFakeThatIsNotStartedByABuilderSaysHowToFixTheBuilder() {
    EngineExecutionResults results = execute(BuilderFakeNotStartedFixture.class);

    assertThat(firstFailure(results.testEvents()))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("add .fakes(Fake.OPENAI_REALTIME) to AgentSessionExtension.builder()")
        .hasMessageContaining("AgentSessionExtension registered in " + BuilderFakeNotStartedFixture.class.getName());
  }

  @Test
  void aMissingScenarioThatAgentharnessBundlesSaysWhereTheBundledOneIs() {
    EngineExecutionResults results = execute(BundledNameFixture.class);

    results.testEvents().assertStatistics(s -> s.started(0));
    assertThat(firstFailure(results.containerEvents()))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("scenario resource \"scenarios/usage-missing.json\" is not on the test classpath")
        .hasMessageContaining("agentharness bundles a scenario of that name:"
            + " \"dev/agentharness/scenarios/usage-missing.json\"");
  }

  @Test
  void aMissingScenarioResourceNamesTheResourceAndTheClassAndSuggestsTheClosest() {
    EngineExecutionResults results = execute(MissingResourceFixture.class);

    results.testEvents().assertStatistics(s -> s.started(0));
    assertThat(firstFailure(results.containerEvents()))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("@AgentSession on " + MissingResourceFixture.class.getName())
        .hasMessageContaining(
            "scenario resource \"scenarios/greting-openai-realtime.json\" is not on the test classpath")
        .hasMessageContaining("src/test/resources/scenarios/greting-openai-realtime.json")
        .hasMessageContaining("did you mean \"scenarios/greeting-openai-realtime.json\"?");
  }

  @Test
  void aMalformedScenarioFailsWithTheParsersFileLineColumnMessage() {
    EngineExecutionResults results = execute(MalformedFixture.class);

    results.testEvents().assertStatistics(s -> s.started(0));
    Throwable failure = firstFailure(results.containerEvents());
    assertThat(failure)
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageStartingWith("scenarios/malformed.json:5:")
        .hasMessageContaining("turns[0].user.audio")
        .hasMessageContaining("\"2,4s\" is not a duration")
        .hasMessageContaining("(the scenario of @AgentSession on " + MalformedFixture.class.getName() + ")")
        .hasCauseInstanceOf(ScenarioException.class);
    assertThat(((ScenarioException) failure.getCause()).line()).isEqualTo(5);
  }

  @Test
  void aScenarioThatIsNotAJsonFileIsRejected() {
    EngineExecutionResults results = execute(WrongExtensionFixture.class);

    assertThat(firstFailure(results.containerEvents()))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("scenario = \"scenarios/greeting.yaml\" is not a scenario file")
        .hasMessageContaining("a JSON classpath resource ending in .json");
  }

  @Test
  void aSessionWithoutAScenarioSaysHowToAddOne() {
    EngineExecutionResults results = execute(SessionWithoutScenarioFixture.class);

    assertThat(firstFailure(results.testEvents()))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("SimulatedSession needs a scenario")
        .hasMessageContaining("add @AgentSession(scenario = \"scenarios/<name>.json\")");
  }

  @Test
  void aScenarioSessionServesTlsWhenAsked() {
    EngineExecutionResults results = execute(TlsWithScenarioFixture.class);

    results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  @Test
  void listenersNeedAScenario() {
    assertThat(firstFailure(execute(ListenerWithoutScenarioFixture.class).containerEvents()))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("session listeners receive the events of a simulated session");
  }

  @Test
  void perTestValuesCannotBeInjectedIntoBeforeAll() {
    Throwable failure = firstFailure(execute(PerTestIntoBeforeAllFixture.class).containerEvents());

    assertThat(failure).isInstanceOf(ParameterResolutionException.class)
        .hasCauseInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("Ledger is created for each test, so it cannot be injected into")
        .hasMessageContaining("@AgentSession(lifecycle = Lifecycle.PER_CLASS)");
  }

  @Test
  void aScenarioParameterNeedsAScenario() {
    assertThat(firstFailure(execute(ScenarioWithoutScenarioFixture.class).testEvents()))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("has no scenario to inject");
  }

  @Test
  void perClassNeedsAStaticField() {
    assertThat(firstFailure(execute(PerClassInstanceFieldFixture.class).testEvents()))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("lifecycle(Lifecycle.PER_CLASS) needs a static @RegisterExtension field");
  }

  @Test
  void twoExtensionsOnOneClassAreRejected() {
    assertThat(firstFailure(execute(TwoExtensionsFixture.class).containerEvents()))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("registers AgentSessionExtension twice");
  }

  static class PerClassInstanceFieldFixture {
    @RegisterExtension
    AgentSessionExtension agent = AgentSessionExtension.builder().lifecycle(AgentSession.Lifecycle.PER_CLASS).build();

    @Test
    void fails() {}
  }

  @AgentSession(scenario = "scenarios/greeting-openai-realtime.json")
  static class UnknownTypeFixture {
    @Test
    void wantsASummary(UsageSummary summary) {}
  }

  @AgentSession
  static class FakeNotStartedFixture {
    @Test
    void wantsAFake(FakeOpenAiRealtime openai) {}
  }

  static class BuilderFakeNotStartedFixture {
    @RegisterExtension
    AgentSessionExtension agent = AgentSessionExtension.builder().build();

    @Test
    void wantsAFake(FakeOpenAiRealtime openai) {}
  }

  @AgentSession(scenario = "scenarios/usage-missing.json")
  static class BundledNameFixture {
    @Test
    void neverRuns() {}
  }

  @AgentSession(scenario = "scenarios/greting-openai-realtime.json")
  static class MissingResourceFixture {
    @Test
    void neverRuns() {}
  }

  @AgentSession(scenario = "scenarios/malformed.json")
  static class MalformedFixture {
    @Test
    void neverRuns() {}
  }

  @AgentSession(scenario = "scenarios/greeting.yaml")
  static class WrongExtensionFixture {
    @Test
    void neverRuns() {}
  }

  @AgentSession(fakes = Fake.OPENAI_REALTIME)
  static class SessionWithoutScenarioFixture {
    @Test
    void wantsASession(SimulatedSession session) {}
  }

  @AgentSession(scenario = "scenarios/greeting-openai-realtime.json", tls = true)
  static class TlsWithScenarioFixture {
    @Test
    void runsOverTls(dev.agentharness.session.SimulatedSession session) {
      org.assertj.core.api.Assertions.assertThat(session.openAiRealtime().baseUrl()).startsWith("https://127.0.0.1:");
      session.run();
      org.assertj.core.api.Assertions.assertThat(session.reconcile().matches()).isTrue();
    }
  }

  static class ListenerWithoutScenarioFixture {
    @RegisterExtension
    static AgentSessionExtension agent = AgentSessionExtension.builder().listener(e -> {}).build();

    @Test
    void neverRuns() {}
  }

  @AgentSession(fakes = Fake.OPENAI_REALTIME)
  static class PerTestIntoBeforeAllFixture {
    @BeforeAll
    static void before(Ledger ledger) {}

    @Test
    void neverRuns() {}
  }

  @AgentSession
  static class ScenarioWithoutScenarioFixture {
    @Test
    void wantsTheScenario(Scenario scenario) {}
  }

  @AgentSession
  static class TwoExtensionsFixture {
    @RegisterExtension
    static AgentSessionExtension agent = AgentSessionExtension.builder().build();

    @Test
    void neverRuns() {}
  }
}
