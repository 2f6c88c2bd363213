package dev.agentharness.usage;

import static dev.agentharness.usage.UsageField.LLM_COMPLETION_TOKENS;
import static dev.agentharness.usage.UsageField.LLM_PROMPT_CACHED_TOKENS;
import static dev.agentharness.usage.UsageField.LLM_PROMPT_TOKENS;
import static dev.agentharness.usage.UsageField.STT_AUDIO_DURATION;
import static dev.agentharness.usage.UsageField.TTS_AUDIO_DURATION;
import static dev.agentharness.usage.UsageField.TTS_CHARACTERS_COUNT;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Whose collector semantics a {@link UsageCollector} follows. {@link #LIVEKIT_PYTHON} is the default
 * and the reference; the others reproduce what other collectors report for the same stream, so that a
 * test can show the difference. A field a profile does not have is always 0 in its summary.
 */
public enum UsageProfile {

  /** LiveKit Agents (Python) 1.3.1 and later: all 15 fields. */
  LIVEKIT_PYTHON("livekit-python", EnumSet.allOf(UsageField.class)),

  /**
   * LiveKit Agents (Python) 1.2.0–1.2.5: realtime metrics add only their input, cached and output
   * totals; there are no audio, text or image fields.
   */
  LIVEKIT_PYTHON_PRE_1_2_6(
      "livekit-python-pre-1.2.6",
      EnumSet.of(
          LLM_PROMPT_TOKENS, LLM_PROMPT_CACHED_TOKENS, LLM_COMPLETION_TOKENS,
          TTS_CHARACTERS_COUNT, TTS_AUDIO_DURATION, STT_AUDIO_DURATION)),

  /**
   * LiveKit agents-js legacy {@code UsageSummary}: five fields, no audio tokens at all (the often
   * reported "output audio tokens are 0"), no TTS audio duration; STT audio summed in whole
   * milliseconds per event, as {@code audioDurationMs} is rounded.
   */
  LIVEKIT_JS_LEGACY(
      "livekit-js-legacy",
      EnumSet.of(
          LLM_PROMPT_TOKENS, LLM_PROMPT_CACHED_TOKENS, LLM_COMPLETION_TOKENS,
          TTS_CHARACTERS_COUNT, STT_AUDIO_DURATION));

  private final String id;
  private final Set<UsageField> fields;

  UsageProfile(String id, Set<UsageField> fields) {
    this.id = id;
    this.fields = Set.copyOf(fields);
  }

  /** The name used on the command line, e.g. {@code livekit-js-legacy}. */
  public String id() {
    return id;
  }

  /** The fields this collector has; the others stay 0. */
  public Set<UsageField> fields() {
    return fields;
  }

  public boolean has(UsageField field) {
    return fields.contains(field);
  }

  /** The profile with this {@link #id()} (or enum name, any case), or {@code null}. */
  public static UsageProfile byId(String id) {
    for (UsageProfile p : values()) {
      if (p.id.equals(id) || p.name().equals(id.toUpperCase(Locale.ROOT).replace('-', '_'))) return p;
    }
    return null;
  }
}
