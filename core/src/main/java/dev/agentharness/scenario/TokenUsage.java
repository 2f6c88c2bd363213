package dev.agentharness.scenario;

import java.util.function.UnaryOperator;

/**
 * The tokens one reply is billed, by modality. In a scenario every part is optional: a part left
 * {@code null} is derived from the turn's audio and text (see {@link TokenRates}); a part given
 * overrides the derived value. Totals are never given: input is text + audio + image, output is
 * text + audio, and cached tokens are a subset of input, as the providers report them.
 *
 * @param reasoning reasoning ("thinking") tokens, counted inside output by chat LLMs
 */
public record TokenUsage(
    Long inputText,
    Long inputAudio,
    Long inputImage,
    Long cachedText,
    Long cachedAudio,
    Long cachedImage,
    Long outputText,
    Long outputAudio,
    Long reasoning) {

  /** Nothing given: everything derived. */
  public static final TokenUsage DERIVED = new TokenUsage(null, null, null, null, null, null, null, null, null);

  /** Starts from {@link #DERIVED}: {@code TokenUsage.of(u -> u.outputAudio(91).outputText(30))}. */
  public static TokenUsage of(UnaryOperator<Builder> spec) {
    return spec.apply(new Builder()).build();
  }

  /** Parts given in {@code this} win over {@code derived}'s. */
  public TokenUsage over(TokenUsage derived) {
    return new TokenUsage(
        pick(inputText, derived.inputText), pick(inputAudio, derived.inputAudio), pick(inputImage, derived.inputImage),
        pick(cachedText, derived.cachedText), pick(cachedAudio, derived.cachedAudio),
        pick(cachedImage, derived.cachedImage), pick(outputText, derived.outputText),
        pick(outputAudio, derived.outputAudio), pick(reasoning, derived.reasoning));
  }

  private static Long pick(Long mine, Long other) {
    return mine != null ? mine : other;
  }

  private static long n(Long v) {
    return v == null ? 0 : v;
  }

  public long input() {
    return n(inputText) + n(inputAudio) + n(inputImage);
  }

  public long cached() {
    return n(cachedText) + n(cachedAudio) + n(cachedImage);
  }

  public long output() {
    return n(outputText) + n(outputAudio);
  }

  public long total() {
    return input() + output();
  }

  /** Builds a partial usage; parts not set stay derived. */
  public static final class Builder {
    private Long inputText, inputAudio, inputImage, cachedText, cachedAudio, cachedImage, outputText, outputAudio,
        reasoning;

    public Builder inputText(long v) {
      inputText = v;
      return this;
    }

    public Builder inputAudio(long v) {
      inputAudio = v;
      return this;
    }

    public Builder inputImage(long v) {
      inputImage = v;
      return this;
    }

    public Builder cachedText(long v) {
      cachedText = v;
      return this;
    }

    public Builder cachedAudio(long v) {
      cachedAudio = v;
      return this;
    }

    public Builder cachedImage(long v) {
      cachedImage = v;
      return this;
    }

    public Builder outputText(long v) {
      outputText = v;
      return this;
    }

    public Builder outputAudio(long v) {
      outputAudio = v;
      return this;
    }

    public Builder reasoning(long v) {
      reasoning = v;
      return this;
    }

    public TokenUsage build() {
      return new TokenUsage(inputText, inputAudio, inputImage, cachedText, cachedAudio, cachedImage, outputText,
          outputAudio, reasoning);
    }
  }
}
