package dev.agentharness.junit;

import dev.agentharness.clock.ClockMode;
import dev.agentharness.scenario.Providers.OpenAiDialect;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test of the class a simulated voice-agent session, or fake providers of its own, on
 * loopback, and injects them into test and lifecycle methods.
 *
 * <h2>Harness-driven: play a scenario</h2>
 *
 * <pre>{@code
 * @AgentSession(scenario = "scenarios/greeting-openai-realtime.json")
 * class GreetingUsageTest {
 *   @Test
 *   void outputAudioIsCounted(SimulatedSession session) {
 *     session.run();
 *     assertThat(session.usage().llmOutputAudioTokens()).isPositive();
 *   }
 * }
 * }</pre>
 *
 * <h2>Your own client: point it at a fake</h2>
 *
 * <pre>{@code
 * @AgentSession(fakes = Fake.OPENAI_REALTIME)
 * class BridgeTest {
 *   @Test
 *   void bridgeBillsWhatOpenAiBilled(FakeOpenAiRealtime openai) {
 *     openai.script(reply().audio(ofMillis(2400)).usage(u -> u.outputAudio(91)));
 *     var bridge = new MyBridge(openai.baseUrl(), openai.apiKey());
 *     ...
 *     assertThat(bridge.outputAudioTokens()).isEqualTo(openai.ledger().summary().llmOutputAudioTokens());
 *   }
 * }
 * }</pre>
 *
 * <h2>What can be injected</h2>
 *
 * Into test methods, {@code @BeforeEach}/{@code @AfterEach} methods and test-class constructors (and, with
 * {@link Lifecycle#PER_CLASS}, {@code @BeforeAll}/{@code @AfterAll} methods):
 * <ul>
 *   <li>{@code SimulatedSession}: the session of the {@link #scenario()} (not yet run: call {@code run()});
 *   <li>each fake that runs: {@code FakeOpenAiRealtime}, ... (from {@link #fakes()} or the scenario);
 *   <li>{@code FakeServer}, {@code Ledger}, {@code SessionClock}: the one server, ledger and clock the
 *       fakes share;
 *   <li>{@code UsageCollector}, {@code ModelUsageCollector}: the session's collectors, or, without a
 *       scenario, collectors for your own client to feed;
 *   <li>{@code Scenario}: the parsed {@link #scenario()}.
 * </ul>
 * Everything is created on first use, separately for each test (or once per class with
 * {@link Lifecycle#PER_CLASS}), and closed after it: ports, sockets and threads are freed. Tests of the
 * same class can run in parallel.
 *
 * <h2>After each test</h2>
 *
 * The extension publishes report entries {@code agentharness.usage} (the collected
 * {@code UsageSummary}) and {@code agentharness.reconciliation} ({@code OK}, or the fields that differ
 * from the ledger), and with {@link #failOnUnreconciledUsage()} fails the test when they differ.
 *
 * <h2>Misconfiguration</h2>
 *
 * A missing or malformed scenario, a fake that is not running, or a parameter type the extension does
 * not provide fails with an {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} that
 * says how to fix it.
 *
 * <p>For configuration in code (a {@code Scenario} built in Java, session listeners), register
 * {@link AgentSessionExtension#builder()} with {@code @RegisterExtension} instead. See {@code docs/junit.md}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@ExtendWith(AgentSessionExtension.class)
public @interface AgentSession {

  /**
   * The scenario to play: a {@code .json} classpath resource, e.g.
   * {@code "scenarios/greeting-openai-realtime.json"} (under {@code src/test/resources}). Empty (the
   * default): no scenario, only the {@link #fakes()}.
   */
  String scenario() default "";

  /**
   * Fakes to start without a scenario, or in addition to the scenario's own. Without a scenario they share
   * one {@code FakeServer}, one clock and one {@code Ledger} per test; with a scenario they are mounted on
   * the session's server and bill to its ledger. A fake the scenario already runs is not started twice.
   * Default: none.
   */
  Fake[] fakes() default {};

  /**
   * How time passes. {@link ClockMode#VIRTUAL} (default): deterministic and instant, a one-hour scenario
   * plays in well under a second. {@link ClockMode#REAL_TIME}: fakes really wait their scripted latencies,
   * for clients that cannot report which frames they handled.
   */
  ClockMode clock() default ClockMode.VIRTUAL;

  /**
   * The protocol of the OpenAI Realtime fakes that {@link #fakes()} starts: {@link OpenAiDialect#GA}
   * (default) or the retired {@link OpenAiDialect#BETA}. A scenario's own fake follows the scenario
   * ({@code "agent": {"realtime": {"dialect": "beta"}}}).
   */
  OpenAiDialect dialect() default OpenAiDialect.GA;

  /**
   * The API key the fakes started by {@link #fakes()} require. Empty (the default): a random key per
   * test (per class with {@link Lifecycle#PER_CLASS}); read it from the fake ({@code apiKey()}). A
   * scenario's own fakes always use a random key, which the session's clients are given.
   */
  String apiKey() default "";

  /**
   * Serve the fakes over https/wss with a certificate made for the run (trust it through the injected
   * {@code FakeServer}'s {@code tls()}). Default {@code false}: http/ws. Not available with a scenario: the
   * simulated session serves plain http/ws on loopback.
   */
  boolean tls() default false;

  /**
   * When {@code true}, a test whose collected usage does not match what the fakes billed fails after its
   * body, with the reconciliation report (which field, billed, collected, which responses, the likely
   * cause). The collected usage is the session's, or without a scenario the injected
   * {@code UsageCollector}'s; a test that used neither is not checked, nor one that already failed.
   * Default {@code false}.
   */
  boolean failOnUnreconciledUsage() default false;

  /**
   * Whether each test gets its own session and fakes ({@link Lifecycle#PER_TEST}, the default) or the
   * tests of the class share one ({@link Lifecycle#PER_CLASS}).
   */
  Lifecycle lifecycle() default Lifecycle.PER_TEST;

  /** How long a session and its fakes live. */
  enum Lifecycle {
    /**
     * Each test (each invocation of a parameterized or repeated test) gets its own session, fakes, ports,
     * clock, ledger and collectors; reports and the reconciliation check come after each test.
     */
    PER_TEST,
    /**
     * The tests of the class share one session and its fakes, created on first use (e.g. in a
     * {@code @BeforeAll} method that runs the session) and closed after the last test; reports and the
     * reconciliation check come once, after all tests of the class. A {@code @Nested} class gets its own.
     */
    PER_CLASS
  }
}
