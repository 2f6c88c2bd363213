package dev.agentharness.junit;

import static dev.agentharness.junit.AgentTestKit.executeConcurrently;
import static dev.agentharness.junit.AgentTestKit.reportValues;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.fake.FakeServer;
import dev.agentharness.fake.openai.FakeOpenAiRealtime;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.scenario.Reply;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.UsageCollector;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.Events;

/**
 * Many tests at once, with {@code junit.jupiter.execution.parallel.enabled} and every class and method
 * concurrent: each test must see only its own session, fakes, ledger and collectors. The scenarios differ
 * (their output audio tokens are 101, 202, 303, 404; the own-client tests script 1000 + n), so a test
 * that got another test's state would see another number.
 */
class ParallelTests {

  private static final int REPETITIONS = 8;

  @Test
  void concurrentTestsEachSeeOnlyTheirOwnState() {
    Events tests = executeConcurrently(ParallelFixture.class).testEvents();

    tests.assertStatistics(s -> s.started(5 * REPETITIONS).succeeded(5 * REPETITIONS).failed(0));
    // every test had a server (ports are not compared: the OS may give a closed server's port to a later one)
    assertThat(reportValues(tests, "port")).hasSize(5 * REPETITIONS);
    assertThat(reportValues(tests, "agentharness.reconciliation")).hasSize(5 * REPETITIONS).containsOnly("OK");
    assertThat(reportValues(tests, "thread").stream().distinct().count()).as("worker threads used").isGreaterThan(1);
  }

  static class ParallelFixture {

    static void check(SimulatedSession session, Ledger ledger, UsageCollector usage, long outputAudio,
        TestReporter reporter) {
      reporter.publishEntry("thread", Thread.currentThread().getName());
      reporter.publishEntry("port", Integer.toString(session.server().port()));
      assertThat(ledger).isSameAs(session.ledger());
      assertThat(usage).isSameAs(session.usageCollector());
      session.run();
      assertThat(usage.summary()).isEqualTo(ledger.summary());
      assertThat(usage.summary().llmOutputAudioTokens()).isEqualTo(outputAudio);
      assertThat(session.reconcile().matches()).isTrue();
    }

    @Nested
    @AgentSession(scenario = "scenarios/parallel/scenario-1.json")
    class One {
      @RepeatedTest(REPETITIONS)
      void run(SimulatedSession session, Ledger ledger, UsageCollector usage, TestReporter reporter) {
        check(session, ledger, usage, 101, reporter);
      }
    }

    @Nested
    @AgentSession(scenario = "scenarios/parallel/scenario-2.json")
    class Two {
      @RepeatedTest(REPETITIONS)
      void run(SimulatedSession session, Ledger ledger, UsageCollector usage, TestReporter reporter) {
        check(session, ledger, usage, 202, reporter);
      }
    }

    @Nested
    @AgentSession(scenario = "scenarios/parallel/scenario-3.json")
    class Three {
      @RepeatedTest(REPETITIONS)
      void run(SimulatedSession session, Ledger ledger, UsageCollector usage, TestReporter reporter) {
        check(session, ledger, usage, 303, reporter);
      }
    }

    @Nested
    @AgentSession(scenario = "scenarios/parallel/scenario-4.json")
    class Four {
      @RepeatedTest(REPETITIONS)
      void run(SimulatedSession session, Ledger ledger, UsageCollector usage, TestReporter reporter) {
        check(session, ledger, usage, 404, reporter);
      }
    }

    @Nested
    @AgentSession(fakes = Fake.OPENAI_REALTIME)
    class OwnClients {
      @RepeatedTest(REPETITIONS)
      void run(RepetitionInfo repetition, FakeOpenAiRealtime openai, FakeServer server, Ledger ledger,
          UsageCollector usage, TestReporter reporter) throws Exception {
        reporter.publishEntry("thread", Thread.currentThread().getName());
        reporter.publishEntry("port", Integer.toString(server.port()));
        long outputAudio = 1000 + repetition.getCurrentRepetition();
        openai.script(Reply.reply().text("Hello").audio(ofMillis(500)).usage(u -> u.outputAudio(outputAudio)));
        try (OkHttpRealtime client = new OkHttpRealtime(server)) {
          client.oneTurn(openai, openai.apiKey(), false);
        }
        ledger.idealMetrics().forEach(usage::collect); // a client of your own that counts right
        assertThat(ledger.entries()).hasSize(1);
        assertThat(usage.summary()).isEqualTo(ledger.summary());
        assertThat(usage.summary().llmOutputAudioTokens()).isEqualTo(outputAudio);
      }
    }
  }
}
