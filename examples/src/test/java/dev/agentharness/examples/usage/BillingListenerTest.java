package dev.agentharness.examples.usage;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.junit.AgentSession;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageSummary;
import java.math.BigDecimal;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * <b>Way of use 1, with your own listener.</b> Your billing code ({@link Billing}) subscribes to the
 * simulated session's metrics like it subscribes to LiveKit's {@code metrics_collected}, and the test checks
 * its price against the price of what the fake billed. A deliberately wrong variant, which reads only
 * {@code input_tokens} / {@code output_tokens} and prices them as text, charges a fraction of the bill and is
 * caught: reconciling what it counted against the ledger says it never read the audio token details.
 */
@AgentSession(scenario = "scenarios/usage/balance-openai-realtime.json")
class BillingListenerTest {

  @Test
  void myBillingChargesWhatTheProviderBilled(SimulatedSession session) {
    Billing billing = new Billing(Billing.Prices.GPT_REALTIME);
    session.onMetrics(billing);
    session.run();

    BigDecimal billed = Billing.Prices.GPT_REALTIME.cents(session.ledger().summary());
    assertThat(billing.cents()).isEqualByComparingTo(billed).isEqualByComparingTo("0.8956");
  }

  @Test
  void billingThatIgnoresAudioTokensIsCaught(SimulatedSession session) {
    TotalsOnlyBilling wrong = new TotalsOnlyBilling();
    session.onMetrics(wrong);
    session.run();

    BigDecimal billed = Billing.Prices.GPT_REALTIME.cents(session.ledger().summary());
    assertThat(wrong.cents()).isLessThan(billed);                     // 0.8956 cents billed
    assertThatThrownBy(() -> assertThat(wrong.cents()).as("cents charged").isEqualByComparingTo(billed))
        .hasMessageContaining("but was: 0.288400");
    assertThatThrownBy(() -> assertThat(wrong.counted()).matchesLedger(session.ledger()))
        .hasMessageContaining("the collector does not read")
        .hasMessageContaining("output_token_details.audio_tokens");
  }

  /** The wrong variant: totals only, all priced as text. */
  static final class TotalsOnlyBilling implements Consumer<AgentMetrics> {
    private long in;
    private long out;

    @Override
    public synchronized void accept(AgentMetrics metrics) {
      if (metrics instanceof RealtimeModelMetrics m) {
        in += m.inputTokens();
        out += m.outputTokens();
      }
    }

    synchronized BigDecimal cents() {
      return Billing.Prices.GPT_REALTIME.cents(in, 0, out, 0);
    }

    /** What it counted, in LiveKit's vocabulary: totals, no modality details. */
    synchronized UsageSummary counted() {
      return UsageSummary.fromRaw(f ->
          f == UsageField.LLM_PROMPT_TOKENS ? in : f == UsageField.LLM_COMPLETION_TOKENS ? out : 0);
    }
  }
}
