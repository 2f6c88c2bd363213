/**
 * LiveKit metric events as JSON, in the Python ({@code model_dump_json}, snake_case, seconds) and JS
 * (camelCase, milliseconds) dialects: {@link dev.agentharness.metrics.json.MetricsJson} for one event,
 * {@link dev.agentharness.metrics.json.MetricsLogReader} for JSONL logs. Bad input fails with
 * {@link dev.agentharness.metrics.json.MetricsFormatException}: where, which field, what was expected.
 */
package dev.agentharness.metrics.json;
