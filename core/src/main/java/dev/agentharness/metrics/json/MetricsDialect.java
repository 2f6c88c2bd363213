package dev.agentharness.metrics.json;

/**
 * The two JSON shapes LiveKit metric events come in.
 *
 * <p><b>Python</b> is pydantic's {@code model_dump_json()} of LiveKit Agents 1.7: snake_case keys,
 * durations in float seconds, {@code timestamp} in epoch seconds, every field written (nulls included),
 * {@code metadata} as {@code {"model_name": ..., "model_provider": ...}} or {@code null}. The only field
 * written just when set is EOU's {@code last_speaking_time}, which LiveKit removed in 1.3.1.
 *
 * <p><b>JS</b> is the object agents-js ({@code @livekit/agents} 1.7) emits: camelCase keys, durations in
 * milliseconds with an {@code Ms} suffix ({@code durationMs}, {@code ttftMs}), {@code timestamp} in epoch
 * milliseconds, {@code metadata} as {@code {modelProvider, modelName}}; optional fields ({@code speechId?},
 * {@code cacheCreationTokens?}, {@code inputTokens?} of STT/TTS, ...) are omitted when unset (null or zero).
 * Three details follow agents-js rather than the pattern:
 *
 * <ul>
 *   <li>interruption and EOT-inference durations are named {@code totalDuration},
 *       {@code predictionDuration}, {@code detectionDelay} (no {@code Ms}), still in milliseconds;
 *   <li>avatar times are {@code sessionStartedAt} / {@code avatarJoinedAt} (epoch ms) and
 *       {@code playbackLatencyMs}, which is always written so that the object tells its dialect;
 *   <li>EOU's {@code lastSpeakingTimeMs} is an epoch-millisecond time, written when set.
 * </ul>
 *
 * <p>Fields our records have and the JS types lack are written in JS naming only when they differ from
 * LiveKit's default, and read back: {@code acquireTimeMs} and {@code connectionReused} (STT, TTS,
 * realtime), {@code metadata} on VAD and EOU metrics. {@code sessionDurationMs} and
 * {@code cacheCreationTokens} are optional in JS and handled the same way.
 *
 * <p>Either dialect: a ttft or ttfb of {@link dev.agentharness.metrics.AgentMetrics#NOT_MEASURED} is written
 * as {@code -1.0} (Python) or {@code -1} (JS), and any negative value reads back as {@code NOT_MEASURED}.
 */
public enum MetricsDialect {
  /** LiveKit Agents for Python: snake_case, seconds. */
  PYTHON,
  /** LiveKit Agents for Node.js: camelCase, milliseconds. */
  JS
}
