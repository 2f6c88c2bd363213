package dev.agentharness.junit;

import dev.agentharness.clock.Durations;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.usage.EotModelUsage;
import dev.agentharness.usage.InterruptionModelUsage;
import dev.agentharness.usage.LlmModelUsage;
import dev.agentharness.usage.ModelUsage;
import dev.agentharness.usage.SttModelUsage;
import dev.agentharness.usage.TtsModelUsage;
import dev.agentharness.usage.UsageField;
import java.time.Duration;
import java.util.List;

/** How the assertions spell things in failure messages. Not API. */
final class Texts {

  /** At most this many items (metrics, events, entries) are listed in one message. */
  static final int MAX_LISTED = 40;

  private Texts() {}

  /** {@code llm_output_audio_tokens (llmOutputAudioTokens)}. */
  static String field(UsageField f) {
    return f.liveKitName() + " (" + f.javaName() + ")";
  }

  /** {@code 2.4s}, {@code 300ms}; LiveKit's -1 as "not measured". */
  static String duration(Duration d) {
    if (d == null) return "null";
    if (d.equals(AgentMetrics.NOT_MEASURED)) return "not measured (-1)";
    return Durations.format(d);
  }

  /** A signed difference: {@code +3}, {@code -406}, {@code +1.2s}. */
  static String signed(UsageField f, long diff) {
    String s = f.format(Math.abs(diff));
    return (diff < 0 ? "-" : "+") + s;
  }

  static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** {@code "api.openai.com"} or {@code (none)} for LiveKit's empty provider or model. */
  static String quoted(String s) {
    return s == null || s.isEmpty() ? "(none)" : "\"" + s + "\"";
  }

  static String provider(AgentMetrics m) {
    Metadata md = m.metadata();
    return md == null || md.modelProvider() == null ? "" : md.modelProvider();
  }

  static String model(AgentMetrics m) {
    Metadata md = m.metadata();
    return md == null || md.modelName() == null ? "" : md.modelName();
  }

  /** The request id of realtime, LLM, TTS and STT metrics; {@code null} for the others. */
  static String requestId(AgentMetrics m) {
    if (m instanceof RealtimeModelMetrics r) return r.requestId();
    if (m instanceof LlmMetrics l) return l.requestId();
    if (m instanceof TtsMetrics t) return t.requestId();
    if (m instanceof SttMetrics s) return s.requestId();
    return null;
  }

  /** A realtime metric with an empty request id: the one LiveKit emits per (re)connection. */
  static boolean isConnectionMetric(AgentMetrics m) {
    return m instanceof RealtimeModelMetrics r && r.isConnectionMetric();
  }

  /** One line per metric: {@code resp_1  realtime_model_metrics  "api.openai.com"/"gpt-realtime"  ttft 300ms, ...}. */
  static String metric(AgentMetrics m) {
    StringBuilder sb = new StringBuilder();
    String id = requestId(m);
    if (id != null) sb.append(id.isEmpty() ? "(connection)" : id).append("  ");
    sb.append(m.type());
    if (!provider(m).isEmpty() || !model(m).isEmpty()) {
      sb.append("  ").append(quoted(provider(m))).append('/').append(quoted(model(m)));
    }
    if (m instanceof RealtimeModelMetrics r) {
      if (r.isConnectionMetric()) {
        sb.append("  acquire ").append(duration(r.acquireTime()));
      } else {
        sb.append("  ttft ").append(duration(r.ttft())).append(", tokens ").append(r.inputTokens())
            .append(" in (audio ").append(r.inputTokenDetails().audioTokens()).append(") / ")
            .append(r.outputTokens()).append(" out (audio ").append(r.outputTokenDetails().audioTokens()).append(')');
      }
      if (r.cancelled()) sb.append(", cancelled");
    } else if (m instanceof LlmMetrics l) {
      sb.append("  ttft ").append(duration(l.ttft())).append(", tokens ").append(l.promptTokens()).append(" prompt / ")
          .append(l.completionTokens()).append(" completion");
      if (l.cancelled()) sb.append(", cancelled");
    } else if (m instanceof TtsMetrics t) {
      sb.append("  ttfb ").append(duration(t.ttfb())).append(", ").append(t.charactersCount()).append(" characters, ")
          .append(duration(t.audioDuration())).append(" audio");
      if (t.cancelled()) sb.append(", cancelled");
    } else if (m instanceof SttMetrics s) {
      sb.append("  ").append(duration(s.audioDuration())).append(" audio");
    }
    return sb.toString();
  }

  /** The metrics, one per line, indented; at most {@link #MAX_LISTED}. */
  static String metrics(List<? extends AgentMetrics> metrics) {
    if (metrics.isEmpty()) return "  (none)\n";
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (AgentMetrics m : metrics) {
      if (i++ == MAX_LISTED) {
        sb.append("  ... ").append(metrics.size() - MAX_LISTED).append(" more\n");
        break;
      }
      sb.append("  ").append(metric(m)).append('\n');
    }
    return sb.toString();
  }

  /** One line per model usage entry. */
  static String modelUsage(ModelUsage u) {
    String head = String.format("%-18s %s/%s  ", u.type(), quoted(u.provider()), quoted(u.model()));
    if (u instanceof LlmModelUsage l) {
      return head + "input " + l.inputTokens() + " (audio " + l.inputAudioTokens() + ", text " + l.inputTextTokens()
          + ", cached " + l.inputCachedTokens() + "), output " + l.outputTokens() + " (audio " + l.outputAudioTokens()
          + ", text " + l.outputTextTokens() + ")";
    }
    if (u instanceof TtsModelUsage t) {
      return head + t.charactersCount() + " characters, " + duration(t.audioDuration()) + " audio";
    }
    if (u instanceof SttModelUsage s) return head + duration(s.audioDuration()) + " audio";
    if (u instanceof InterruptionModelUsage i) return head + plural(i.totalRequests(), "request", "requests");
    if (u instanceof EotModelUsage e) return head + plural(e.totalRequests(), "request", "requests");
    return head;
  }

  static String modelUsages(List<ModelUsage> entries) {
    if (entries.isEmpty()) return "  (none)\n";
    StringBuilder sb = new StringBuilder();
    for (ModelUsage u : entries) sb.append("  ").append(modelUsage(u)).append('\n');
    return sb.toString();
  }
}
