package dev.agentharness.scenario;

import java.time.Duration;

/**
 * How usage is derived when a scenario does not give it. The defaults are the providers' published or
 * observed rates (see {@code docs/scenarios.md}):
 *
 * <ul>
 *   <li>OpenAI Realtime: 10 input audio tokens and 20 output audio tokens per second of audio;
 *   <li>Gemini Live: 32 audio tokens per second, input and output;
 *   <li>text: one token per 4 characters (rounded up);
 *   <li>speech derived from text: 15 characters per second, rounded to 10 ms;
 *   <li>OpenAI speech (token-billed TTS): 20 output audio tokens per second.
 * </ul>
 *
 * Token counts from audio are rounded up: a started token is a billed token.
 */
public record TokenRates(
    double openAiInputAudioPerSecond,
    double openAiOutputAudioPerSecond,
    double geminiInputAudioPerSecond,
    double geminiOutputAudioPerSecond,
    double charactersPerToken,
    double speechCharactersPerSecond,
    double speechOutputAudioPerSecond) {

  public static final TokenRates DEFAULTS = new TokenRates(10, 20, 32, 32, 4, 15, 20);

  public TokenRates {
    for (double v : new double[] {openAiInputAudioPerSecond, openAiOutputAudioPerSecond, geminiInputAudioPerSecond,
        geminiOutputAudioPerSecond, charactersPerToken, speechCharactersPerSecond, speechOutputAudioPerSecond}) {
      if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException("rates must be positive: " + v);
    }
  }

  /** Tokens for {@code audio} at {@code perSecond}, rounded up. */
  public static long audioTokens(Duration audio, double perSecond) {
    if (audio == null || audio.isZero()) return 0;
    return (long) Math.ceil(audio.toNanos() * perSecond / 1e9 - 1e-9);
  }

  /** Text tokens for {@code text}, rounded up. */
  public long textTokens(String text) {
    if (text == null || text.isEmpty()) return 0;
    return (long) Math.ceil(text.length() / charactersPerToken);
  }

  /** How long speaking {@code text} takes, rounded to 10 ms (at least 10 ms). */
  public Duration speechDuration(String text) {
    long tenMs = Math.round(text.length() / speechCharactersPerSecond * 100);
    return Duration.ofMillis(Math.max(1, tenMs) * 10);
  }
}
