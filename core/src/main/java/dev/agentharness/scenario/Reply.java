package dev.agentharness.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What the model answers in one turn: its words, its audio, how fast, what it bills, and what goes
 * wrong. In a pipeline the LLM streams {@code text} and the TTS speaks it as {@code audio}.
 *
 * @param text what the model says (the LLM output, or the realtime model's transcript)
 * @param audio the length of the spoken reply; {@code null} derives it from the text (see {@link TokenRates})
 * @param modality {@code AUDIO} (default) or {@code TEXT} for a text-only realtime response, whose audio is zero
 * @param ttft time to first token: to the first audio delta for a realtime model, to the first content
 *     chunk for an LLM
 * @param ttfb time to the first audio byte of the pipeline's TTS
 * @param chunk how much audio each delta or chunk carries
 * @param chunkGap the pause between two chunks after the first
 * @param usage tokens billed; parts left out are derived
 * @param interruptAfter the user barges in after this much of the reply's audio; {@code null} for never
 */
public record Reply(
    String text,
    Duration audio,
    Modality modality,
    Duration ttft,
    Duration ttfb,
    Duration chunk,
    Duration chunkGap,
    TokenUsage usage,
    List<ToolCall> toolCalls,
    Duration interruptAfter,
    List<Fault> faults) {

  public static final String DEFAULT_TEXT = "Sure, I can help with that.";
  public static final Duration DEFAULT_TTFT = Duration.ofMillis(300);
  public static final Duration DEFAULT_TTFB = Duration.ofMillis(200);
  public static final Duration DEFAULT_CHUNK = Duration.ofMillis(100);

  /** What the model produces. */
  public enum Modality {
    AUDIO,
    TEXT
  }

  public Reply {
    if (text == null) text = DEFAULT_TEXT;
    if (modality == null) modality = Modality.AUDIO;
    if (modality == Modality.TEXT && audio == null) audio = Duration.ZERO;
    if (modality == Modality.TEXT && !audio.isZero()) {
      throw new IllegalArgumentException("a text-only reply has no audio, but audio is "
          + dev.agentharness.clock.Durations.format(audio));
    }
    if (ttft == null) ttft = DEFAULT_TTFT;
    if (ttfb == null) ttfb = DEFAULT_TTFB;
    if (chunk == null) chunk = DEFAULT_CHUNK;
    if (chunkGap == null) chunkGap = Duration.ZERO;
    if (usage == null) usage = TokenUsage.DERIVED;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    faults = faults == null ? List.of() : List.copyOf(faults);
    requireNotNegative(audio, "audio");
    requireNotNegative(ttft, "ttft");
    requireNotNegative(ttfb, "ttfb");
    requireNotNegative(chunkGap, "chunkGap");
    if (chunk.isZero() || chunk.isNegative()) throw new IllegalArgumentException("chunk must be positive: " + chunk);
    requireNotNegative(interruptAfter, "interruptAfter");
  }

  private static void requireNotNegative(Duration d, String what) {
    if (d != null && d.isNegative()) throw new IllegalArgumentException(what + " must not be negative: " + d);
  }

  /** The default reply: {@value #DEFAULT_TEXT}, spoken. */
  public static Reply defaults() {
    return reply().build();
  }

  /** A builder, for {@code reply().audio(ofMillis(2400)).usage(u -> u.outputAudio(91))}. */
  public static Builder reply() {
    return new Builder();
  }

  /** The first fault of {@code kind} on this reply, or {@code null}. */
  public Fault fault(FaultKind kind) {
    for (Fault f : faults) {
      if (f.kind() == kind) return f;
    }
    return null;
  }

  public boolean has(FaultKind kind) {
    return fault(kind) != null;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.text = text;
    b.audio = audio;
    b.modality = modality;
    b.ttft = ttft;
    b.ttfb = ttfb;
    b.chunk = chunk;
    b.chunkGap = chunkGap;
    b.usage = usage;
    b.toolCalls.addAll(toolCalls);
    b.interruptAfter = interruptAfter;
    b.faults.addAll(faults);
    return b;
  }

  /** Builds a {@link Reply}; everything not set takes the defaults above. */
  public static final class Builder {
    private String text;
    private Duration audio;
    private Modality modality;
    private Duration ttft;
    private Duration ttfb;
    private Duration chunk;
    private Duration chunkGap;
    private TokenUsage usage;
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private Duration interruptAfter;
    private final List<Fault> faults = new ArrayList<>();

    private Builder() {}

    public Builder text(String text) {
      this.text = Objects.requireNonNull(text, "text");
      return this;
    }

    public Builder audio(Duration audio) {
      this.audio = audio;
      return this;
    }

    /** A text-only realtime response: no audio. */
    public Builder textOnly() {
      this.modality = Modality.TEXT;
      this.audio = Duration.ZERO;
      return this;
    }

    public Builder ttft(Duration ttft) {
      this.ttft = ttft;
      return this;
    }

    public Builder ttfb(Duration ttfb) {
      this.ttfb = ttfb;
      return this;
    }

    public Builder chunk(Duration chunk) {
      this.chunk = chunk;
      return this;
    }

    public Builder chunkGap(Duration chunkGap) {
      this.chunkGap = chunkGap;
      return this;
    }

    public Builder usage(TokenUsage usage) {
      this.usage = usage;
      return this;
    }

    public Builder usage(UnaryOperator<TokenUsage.Builder> spec) {
      return usage(TokenUsage.of(spec));
    }

    public Builder toolCall(String name, String argumentsJson, String outputJson) {
      toolCalls.add(new ToolCall(name, argumentsJson, outputJson));
      return this;
    }

    public Builder interruptAfter(Duration interruptAfter) {
      this.interruptAfter = interruptAfter;
      return this;
    }

    public Builder fault(Fault fault) {
      faults.add(fault);
      return this;
    }

    public Builder fault(FaultKind kind) {
      return fault(Fault.of(kind));
    }

    public Reply build() {
      return new Reply(text, audio, modality, ttft, ttfb, chunk, chunkGap, usage, toolCalls, interruptAfter, faults);
    }
  }
}
