package dev.agentharness.examples.usage;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.usage.UsageSummary;
import java.math.BigDecimal;
import java.util.function.Consumer;

/**
 * Stands for your own billing code: it listens to LiveKit's metrics ({@code metrics_collected}) and prices
 * a realtime session per modality. Not part of agentharness: the point is that the harness checks it.
 */
final class Billing implements Consumer<AgentMetrics> {

  /** Prices in US cents per million tokens. */
  record Prices(long textIn, long audioIn, long textOut, long audioOut) {
    /** OpenAI's list prices for gpt-realtime (August 2025): $4 / $32 in, $16 / $64 out. */
    static final Prices GPT_REALTIME = new Prices(400, 3200, 1600, 6400);

    /** The price of these tokens, in cents. */
    BigDecimal cents(long textIn, long audioIn, long textOut, long audioOut) {
      long microCents = textIn * this.textIn + audioIn * this.audioIn
          + textOut * this.textOut + audioOut * this.audioOut;
      return BigDecimal.valueOf(microCents, 6);
    }

    /** The price of a LiveKit usage summary, e.g. what the fakes billed ({@code ledger.summary()}). */
    BigDecimal cents(UsageSummary u) {
      return cents(u.llmInputTextTokens(), u.llmInputAudioTokens(), u.llmOutputTextTokens(), u.llmOutputAudioTokens());
    }
  }

  private final Prices prices;
  private long textIn;
  private long audioIn;
  private long textOut;
  private long audioOut;

  Billing(Prices prices) {
    this.prices = prices;
  }

  @Override
  public synchronized void accept(AgentMetrics metrics) {
    if (metrics instanceof RealtimeModelMetrics m) {
      textIn += m.inputTokenDetails().textTokens();
      audioIn += m.inputTokenDetails().audioTokens();
      textOut += m.outputTokenDetails().textTokens();
      audioOut += m.outputTokenDetails().audioTokens();
    }
  }

  /** What the session costs so far, in cents. */
  synchronized BigDecimal cents() {
    return prices.cents(textIn, audioIn, textOut, audioOut);
  }
}
