package dev.agentharness.usage;

import java.util.List;
import java.util.Optional;

/**
 * A cumulative usage snapshot: the payload of LiveKit's {@code session_usage_updated} and of
 * {@code AgentSession.usage}. Entries come in LiveKit's order: LLM, TTS, STT, interruption, EOT.
 */
public record AgentSessionUsage(List<ModelUsage> modelUsage) {

  public static final AgentSessionUsage EMPTY = new AgentSessionUsage(List.of());

  public AgentSessionUsage {
    modelUsage = List.copyOf(modelUsage);
  }

  /** The entries of one usage type, e.g. {@code ofType(LlmModelUsage.class)}. */
  public <T extends ModelUsage> List<T> ofType(Class<T> type) {
    return modelUsage.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The LLM usage of one provider and model, if any. */
  public Optional<LlmModelUsage> llm(String provider, String model) {
    return find(LlmModelUsage.class, provider, model);
  }

  /** The TTS usage of one provider and model, if any. */
  public Optional<TtsModelUsage> tts(String provider, String model) {
    return find(TtsModelUsage.class, provider, model);
  }

  /** The STT usage of one provider and model, if any. */
  public Optional<SttModelUsage> stt(String provider, String model) {
    return find(SttModelUsage.class, provider, model);
  }

  /** The entry of {@code type} for one provider and model, if any. */
  public <T extends ModelUsage> Optional<T> find(Class<T> type, String provider, String model) {
    return ofType(type).stream()
        .filter(u -> u.provider().equals(provider) && u.model().equals(model))
        .findFirst();
  }
}
