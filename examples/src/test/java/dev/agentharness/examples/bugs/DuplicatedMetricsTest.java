package dev.agentharness.examples.bugs;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.junit.AgentSession;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.UsageCollector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * <b>Symptom:</b> LiveKit's token totals are far above the OpenAI dashboard, and every LLM metric line is
 * logged twice ({@code prompt_tokens} 81, {@code completion_tokens} 24, ×2). Inside an {@code AgentTask},
 * LiveKit emitted every metric twice (livekit/agents #3166, fixed in 1.2.6 by PR #3168). The same happens to
 * your own collector when it is subscribed twice.
 *
 * <p><b>Shown:</b> a user's collector registered with {@code session.onMetrics(...)} twice counts both
 * responses double; the session's own collector (one subscription) matches the ledger.
 *
 * <p><b>Caught by:</b> {@code hasNoDuplicateRequestIds()} on what the listener saw, and reconciliation of its
 * collector, both naming #3166.
 */
@AgentSession(scenario = "scenarios/bugs/duplicated-metrics.json")
class DuplicatedMetricsTest {

  @Test
  void aCollectorSubscribedTwiceCountsDouble(SimulatedSession session) {
    UsageCollector mine = new UsageCollector();
    List<AgentMetrics> seen = new CopyOnWriteArrayList<>();
    Consumer<AgentMetrics> listener = m -> {
      seen.add(m);
      mine.collect(m);
    };
    session.onMetrics(listener);
    session.onMetrics(listener);   // the bug: registered again, e.g. by a helper
    session.run();

    assertThat(mine.summary().llmOutputAudioTokens()).isEqualTo(2 * (91 + 18));   // the symptom
    assertThat(session).usageMatchesLedger();                                     // one subscription is right

    assertThatThrownBy(() -> assertThat(seen).hasNoDuplicateRequestIds())
        .hasMessageContaining("2 appear more than once")
        .hasMessageContaining("a listener registered twice, or LiveKit < 1.2.6 emitting every metric twice"
            + " inside an AgentTask (livekit/agents #3166)");
    assertThatThrownBy(() -> assertThat(mine.summary()).matchesLedger(session.ledger(), seen))
        .hasMessageContaining("metrics were collected more than once")
        .hasMessageContaining("#3166");
  }
}
