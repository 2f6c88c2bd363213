package dev.agentharness.scenario;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A scriptable fault, each reproducing a real-world cause of missing or wrong usage. {@link #id()} is
 * the name used in scenario files ({@code "usage-missing"}). See {@code docs/faults.md} for the bug
 * each one reproduces.
 */
public enum FaultKind {
  // realtime responses (OpenAI; some apply to Gemini too)
  /** {@code response.done} carries no {@code usage}: clients report zero tokens. */
  USAGE_MISSING(Target.REALTIME),
  /** The response is cancelled part-way ({@code status: cancelled}) and bills only what was generated. */
  CANCELLED_PARTIAL_USAGE(Target.REALTIME),
  /** {@code response.done} arrives with no {@code response.created} before it: LiveKit emits no metric. */
  DONE_WITHOUT_CREATED(Target.REALTIME),
  /** {@code response.done} is sent twice for one response. */
  DUPLICATE_DONE(Target.REALTIME),
  /** The server drops the connection in the middle of a response. */
  DISCONNECT_MID_RESPONSE(Target.REALTIME, Target.LLM, Target.TTS, Target.STT),
  /** The server closes the WebSocket with a provider close code ({@code code}, {@code reason}). */
  CLOSE(Target.REALTIME, Target.TTS, Target.STT),
  /** One server frame is not valid JSON. */
  MALFORMED_FRAME(Target.REALTIME, Target.TTS, Target.STT),
  /** The first audio (or first byte) is late by {@code delay}. */
  SLOW_FIRST_BYTE(Target.REALTIME, Target.LLM, Target.TTS),
  /** The response fails ({@code status: failed}) with a server error. */
  RESPONSE_FAILED(Target.REALTIME),

  // Gemini usage reporting
  /** Gemini's modality lists name only TEXT: every token is reported as text, audio tokens are 0. */
  TEXT_MODALITY_ONLY(Target.REALTIME),
  /** Gemini's modality lists leave out modalities whose count is zero. */
  OMIT_ZERO_MODALITIES(Target.REALTIME),
  /** Gemini sends usage as a running total over the session instead of per turn. */
  USAGE_CUMULATIVE(Target.REALTIME),
  /** Gemini sends the turn's usage {@code times} times in one turn. */
  USAGE_REPEATED(Target.REALTIME),

  // HTTP errors (speech, ElevenLabs HTTP, chat completions) and handshake errors
  /** HTTP 401 with the provider's error body. */
  HTTP_401(Target.LLM, Target.TTS, Target.STT),
  /** HTTP 429 with the provider's error body and {@code Retry-After}. */
  HTTP_429(Target.LLM, Target.TTS, Target.STT),
  /** HTTP 500 with the provider's error body. */
  HTTP_500(Target.LLM, Target.TTS, Target.STT),
  /** ElevenLabs quota exhausted: HTTP 401 {@code quota_exceeded}. */
  QUOTA_EXCEEDED(Target.TTS),

  // chat completions
  /** The stream ends without its usage chunk although {@code include_usage} was set: 0 tokens reported. */
  NO_USAGE_CHUNK(Target.LLM),
  /** The stream is cut off after the content, before the usage chunk. */
  CUT_BEFORE_USAGE(Target.LLM),
  /** A {@code data: {"error": ...}} event in the middle of the stream. */
  MID_STREAM_ERROR(Target.LLM),

  // session-level, at a time
  /** OpenAI's {@code session_expired} error, then close 1001. */
  SESSION_EXPIRED(Target.REALTIME),
  /** Gemini's {@code goAway}, then close. */
  GO_AWAY(Target.REALTIME);

  /** Which provider of a scenario a fault hits. */
  public enum Target {
    REALTIME,
    STT,
    LLM,
    TTS;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Set<Target> targets;
  private final Target defaultTarget;

  FaultKind(Target first, Target... rest) {
    this.targets = Collections.unmodifiableSet(EnumSet.of(first, rest));
    this.defaultTarget = first;
  }

  /** The name used in scenario files, e.g. {@code usage-missing}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The providers this fault can be applied to. */
  public Set<Target> targets() {
    return targets;
  }

  /** The default target: the first one listed. */
  public Target defaultTarget() {
    return defaultTarget;
  }

  /** The kind with this {@link #id()}, or {@code null}. */
  public static FaultKind byId(String id) {
    for (FaultKind k : values()) {
      if (k.id().equals(id)) return k;
    }
    return null;
  }
}
