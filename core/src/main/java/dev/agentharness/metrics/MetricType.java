package dev.agentharness.metrics;

/** The nine metric types, with LiveKit's {@code type} discriminator for each. */
public enum MetricType {
  LLM("llm_metrics", LlmMetrics.class),
  STT("stt_metrics", SttMetrics.class),
  TTS("tts_metrics", TtsMetrics.class),
  VAD("vad_metrics", VadMetrics.class),
  EOU("eou_metrics", EouMetrics.class),
  EOT_INFERENCE("eot_inference_metrics", EotInferenceMetrics.class),
  REALTIME_MODEL("realtime_model_metrics", RealtimeModelMetrics.class),
  INTERRUPTION("interruption_metrics", InterruptionMetrics.class),
  AVATAR("avatar_metrics", AvatarMetrics.class);

  private final String wireName;
  private final Class<? extends AgentMetrics> javaType;

  MetricType(String wireName, Class<? extends AgentMetrics> javaType) {
    this.wireName = wireName;
    this.javaType = javaType;
  }

  public String wireName() {
    return wireName;
  }

  public Class<? extends AgentMetrics> javaType() {
    return javaType;
  }

  public static MetricType of(AgentMetrics m) {
    if (m instanceof LlmMetrics) return LLM;
    if (m instanceof SttMetrics) return STT;
    if (m instanceof TtsMetrics) return TTS;
    if (m instanceof VadMetrics) return VAD;
    if (m instanceof EouMetrics) return EOU;
    if (m instanceof EotInferenceMetrics) return EOT_INFERENCE;
    if (m instanceof RealtimeModelMetrics) return REALTIME_MODEL;
    if (m instanceof InterruptionMetrics) return INTERRUPTION;
    return AVATAR;
  }

  /** The type whose discriminator is {@code wireName}, or {@code null}. */
  public static MetricType ofWireName(String wireName) {
    for (MetricType t : values()) {
      if (t.wireName.equals(wireName)) return t;
    }
    return null;
  }
}
