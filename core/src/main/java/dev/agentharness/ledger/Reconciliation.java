package dev.agentharness.ledger;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.usage.UsageCollector;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What was billed against what was collected, field by field, with the responses that explain each
 * difference and the likely cause.
 *
 * <pre>{@code
 * Reconciliation r = Reconciliation.of(ledger, collector.summary(), session.metrics());
 * if (!r.matches()) System.out.println(r.report());
 * }</pre>
 */
public final class Reconciliation {

  private final UsageSummary billed;
  private final UsageSummary collected;
  private final List<Difference> differences;

  private Reconciliation(UsageSummary billed, UsageSummary collected, List<Difference> differences) {
    this.billed = billed;
    this.collected = collected;
    this.differences = List.copyOf(differences);
  }

  /**
   * Compares a collector's summary with the ledger. {@code metrics} is the collected stream, used to
   * name the responses behind each difference; pass an empty list if it is not known.
   */
  public static Reconciliation of(Ledger ledger, UsageSummary collected, List<? extends AgentMetrics> metrics) {
    return of(ledger.entries(), collected, metrics);
  }

  public static Reconciliation of(List<LedgerEntry> entries, UsageSummary collected,
      List<? extends AgentMetrics> collectedMetrics) {
    Objects.requireNonNull(collected, "collected");
    List<AgentMetrics> metrics = namedAfterTheLedger(entries, collectedMetrics);
    List<AgentMetrics> ideal = entries.stream().map(LedgerEntry::idealMetric).toList();
    UsageSummary billed = UsageCollector.summarize(ideal);
    Map<String, UsageSummary> billedById = byId(ideal);
    Map<String, UsageSummary> collectedById = byId(metrics);
    Map<String, Integer> collectedCount = new LinkedHashMap<>();
    for (AgentMetrics m : metrics) {
      String id = requestId(m);
      if (id != null && !id.isEmpty()) collectedCount.merge(id, 1, Integer::sum);
    }
    List<Difference> diffs = new ArrayList<>();
    for (UsageField f : UsageField.values()) {
      long b = billed.get(f);
      long c = collected.get(f);
      if (b == c) continue;
      List<Contribution> contributions = new ArrayList<>();
      Set<String> ids = new LinkedHashSet<>(billedById.keySet());
      ids.addAll(collectedById.keySet());
      // the stream explains the difference only if summing it per response gives the collected total
      // (it does not when the summary came from another collector, e.g. one without audio fields)
      long streamTotal = 0;
      for (UsageSummary u : collectedById.values()) streamTotal += u.get(f);
      // and only if it names the responses the ledger does (Gemini sends no turn id: LiveKit makes up its own)
      boolean idsMatch = collectedById.isEmpty() || billedById.isEmpty()
          || billedById.keySet().stream().anyMatch(collectedById::containsKey);
      boolean streamKnown = !metrics.isEmpty() && streamTotal == c && idsMatch;
      for (String id : ids) {
        long bi = billedById.containsKey(id) ? billedById.get(id).get(f) : 0;
        long ci = collectedById.containsKey(id) ? collectedById.get(id).get(f) : 0;
        if (streamKnown ? bi != ci : bi != 0) contributions.add(new Contribution(id, bi, streamKnown ? ci : -1));
      }
      diffs.add(new Difference(f, b, c, contributions,
          likelyCause(f, b, c, billed, collected, entries, billedById, collectedById, collectedCount, streamKnown)));
    }
    return new Reconciliation(billed, collected, diffs);
  }

  /** True when every field matches. */
  public boolean matches() {
    return differences.isEmpty();
  }

  public UsageSummary billed() {
    return billed;
  }

  public UsageSummary collected() {
    return collected;
  }

  public List<Difference> differences() {
    return differences;
  }

  /**
   * A table of the differing fields, for people:
   *
   * <pre>
   *   field                     ledger   collected   responses
   *   llm_output_audio_tokens      406           0   resp_1 (91), resp_2 (300), resp_3 (15)
   * </pre>
   */
  public String table() {
    if (differences.isEmpty()) return "  all " + UsageField.values().length + " fields match\n";
    int w = "field".length();
    for (Difference d : differences) w = Math.max(w, d.field().liveKitName().length());
    int wl = "ledger".length();
    int wc = "collected".length();
    for (Difference d : differences) {
      wl = Math.max(wl, d.field().format(d.billed()).length());
      wc = Math.max(wc, d.field().format(d.collected()).length());
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("  %-" + w + "s   %" + wl + "s   %" + wc + "s   %s%n", "field", "ledger", "collected", "responses"));
    for (Difference d : differences) {
      sb.append(String.format("  %-" + w + "s   %" + wl + "s   %" + wc + "s   %s%n", d.field().liveKitName(),
          d.field().format(d.billed()), d.field().format(d.collected()), d.responsesText()));
    }
    return sb.toString();
  }

  /** The table, then the distinct likely causes: the failure message of a reconciliation assertion. */
  public String report() {
    if (matches()) return "Collected usage matches what the fakes billed.\n" + table();
    StringBuilder sb = new StringBuilder();
    sb.append("Expected collected usage to match what the fakes billed, but ")
        .append(differences.size()).append(differences.size() == 1 ? " field differs" : " fields differ").append(":\n\n");
    sb.append(table());
    for (String c : causes()) sb.append("\nLikely cause: ").append(c).append('\n');
    return sb.toString();
  }

  /**
   * The distinct likely causes, in the order of the fields; "the collector does not read X" for several
   * modality fields becomes one cause naming them all.
   */
  public List<String> causes() {
    String unread = "the collector does not read ";
    String fields = "{fields}";
    Map<String, List<String>> unreadFields = new LinkedHashMap<>();
    for (Difference d : differences) {
      String c = d.likelyCause();
      if (c == null) continue;
      int paren = c.indexOf(" (");
      if (c.startsWith(unread) && paren > 0) {
        unreadFields.computeIfAbsent(unread + fields + c.substring(paren), k -> new ArrayList<>())
            .add(c.substring(unread.length(), paren));
      } else {
        unreadFields.putIfAbsent(c, List.of());
      }
    }
    List<String> out = new ArrayList<>();
    unreadFields.forEach((cause, keys) -> out.add(keys.isEmpty() ? cause : cause.replace(fields, orList(keys))));
    return out;
  }

  private static String orList(List<String> items) {
    if (items.size() == 1) return items.get(0);
    return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
  }

  @Override
  public String toString() {
    return report();
  }

  /** One field that differs. */
  public record Difference(UsageField field, long billed, long collected, List<Contribution> responses, String likelyCause) {
    public Difference {
      responses = List.copyOf(responses);
    }

    /** {@code resp_1 (91), resp_2 (300)}; with the collected value when it is known and not zero. */
    public String responsesText() {
      if (responses.isEmpty()) return "-";
      StringBuilder sb = new StringBuilder();
      int shown = 0;
      for (Contribution c : responses) {
        if (shown == 8) {
          sb.append(", ... ").append(responses.size() - shown).append(" more");
          break;
        }
        if (shown++ > 0) sb.append(", ");
        sb.append(c.id()).append(" (").append(field.format(c.billed()));
        if (c.collected() > 0) sb.append(", collected ").append(field.format(c.collected()));
        sb.append(')');
      }
      return sb.toString();
    }
  }

  /**
   * One response's share of a difference: what it billed and what was collected for it ({@code -1}
   * when the collected stream is not known).
   */
  public record Contribution(String id, long billed, long collected) {}

  /**
   * Some providers bill under an id the client never sees: ElevenLabs stream-input names no request, so
   * LiveKit's TTS metrics carry an id of their own. Such a provider's TTS metrics (none of whose ids the
   * ledger knows) are paired in order with its entries (none of whose ids the metrics name) and renamed
   * after them: all of them, or, when LiveKit emitted nothing for the cancelled ones, those not cancelled.
   * Without a pairing that accounts for every metric, the metrics keep their ids.
   */
  private static List<AgentMetrics> namedAfterTheLedger(List<LedgerEntry> entries,
      List<? extends AgentMetrics> metrics) {
    Set<String> billedIds = new LinkedHashSet<>();
    for (LedgerEntry e : entries) billedIds.add(e.id());
    Set<String> metricIds = new LinkedHashSet<>();
    Map<String, List<TtsMetrics>> unnamedByProvider = new LinkedHashMap<>();
    for (AgentMetrics m : metrics) {
      String id = requestId(m);
      if (id != null) metricIds.add(id);
      if (m instanceof TtsMetrics t && !billedIds.contains(t.requestId())) {
        String provider = t.metadata() == null ? null : t.metadata().modelProvider();
        if (provider != null) unnamedByProvider.computeIfAbsent(provider, k -> new ArrayList<>()).add(t);
      }
    }
    Map<TtsMetrics, String> renamed = new IdentityHashMap<>();
    unnamedByProvider.forEach((provider, unnamed) -> {
      List<LedgerEntry> unseen = entries.stream().filter(e -> e.billing() == Billing.TTS_SYNTHESIS
          && e.provider().equals(provider) && !metricIds.contains(e.id()))
          .sorted(Comparator.comparing(LedgerEntry::start)).toList();
      List<LedgerEntry> paired = unseen.size() == unnamed.size() ? unseen
          : unseen.stream().filter(e -> !"cancelled".equals(e.status())).toList();
      if (paired.size() != unnamed.size()) return;
      for (int i = 0; i < paired.size(); i++) renamed.put(unnamed.get(i), paired.get(i).id());
    });
    if (renamed.isEmpty()) return List.copyOf(metrics);
    List<AgentMetrics> out = new ArrayList<>(metrics.size());
    for (AgentMetrics m : metrics) {
      String id = m instanceof TtsMetrics t ? renamed.get(t) : null;
      out.add(id == null ? m : ((TtsMetrics) m).toBuilder().requestId(id).build());
    }
    return out;
  }

  private static Map<String, UsageSummary> byId(List<? extends AgentMetrics> metrics) {
    Map<String, UsageCollector> collectors = new LinkedHashMap<>();
    for (AgentMetrics m : metrics) {
      String id = requestId(m);
      if (id == null || id.isEmpty()) continue;
      collectors.computeIfAbsent(id, k -> new UsageCollector()).collect(m);
    }
    Map<String, UsageSummary> out = new LinkedHashMap<>();
    collectors.forEach((k, v) -> out.put(k, v.summary()));
    return out;
  }

  static String requestId(AgentMetrics m) {
    if (m instanceof RealtimeModelMetrics r) return r.requestId();
    if (m instanceof dev.agentharness.metrics.LlmMetrics l) return l.requestId();
    if (m instanceof TtsMetrics t) return t.requestId();
    if (m instanceof SttMetrics s) return s.requestId();
    return null;
  }

  private static String likelyCause(UsageField f, long b, long c, UsageSummary billed, UsageSummary collected,
      List<LedgerEntry> entries, Map<String, UsageSummary> billedById, Map<String, UsageSummary> collectedById,
      Map<String, Integer> collectedCount, boolean streamKnown) {
    String name = f.liveKitName();
    boolean modality = name.contains("_audio_") || name.contains("_text_") || name.contains("_image_");
    boolean llm = name.startsWith("llm_");
    if (llm && name.contains("_audio_") && c < b) {
      long textBilled = name.startsWith("llm_output") ? billed.llmOutputTextTokens() : billed.llmInputTextTokens();
      long textCollected = name.startsWith("llm_output") ? collected.llmOutputTextTokens() : collected.llmInputTextTokens();
      if (textCollected - textBilled == b - c) {
        return "audio tokens were reported as text: Gemini's usage named only the TEXT modality (livekit/agents #2426)";
      }
    }
    if (streamKnown) {
      List<String> duplicated = collectedCount.entrySet().stream()
          .filter(e -> e.getValue() > 1 && billedById.containsKey(e.getKey())).map(Map.Entry::getKey).toList();
      if (c > b && !duplicated.isEmpty()) {
        return "metrics were collected more than once for " + String.join(", ", duplicated)
            + ": a listener registered twice (LiveKit < 1.2.6 emitted every metric twice inside an AgentTask, #3166),"
            + " or a provider that reported usage more than once per response (Gemini usageMetadata sent several times)";
      }
      List<String> missing = billedById.keySet().stream()
          .filter(id -> !collectedById.containsKey(id) && billedById.get(id).get(f) != 0).toList();
      if (c < b && !missing.isEmpty()) {
        List<LedgerEntry> missingEntries = entries.stream().filter(e -> missing.contains(e.id())).toList();
        if (missingEntries.stream().allMatch(e -> e.billing() == Billing.TTS_SYNTHESIS && "cancelled".equals(e.status()))) {
          return "no TTS metric for interrupted segment(s) " + String.join(", ", missing)
              + ": LiveKit emits no TTSMetrics for a streamed segment closed before its final frame, so its characters and audio are never counted";
        }
        if (missingEntries.stream().allMatch(e -> e.billing() != Billing.TTS_SYNTHESIS && "cancelled".equals(e.status()))) {
          return "no metric was collected for " + String.join(", ", missing)
              + ", cancelled part-way and billed for what was generated: LiveKit emits such a response's metric with"
              + " cancelled=true and its partial usage, so a listener that skips cancelled metrics under-counts"
              + " (or the client emitted none: response.done without response.created, a race during interruptions)";
        }
        return "no metric was collected for " + String.join(", ", missing)
            + ": the client emitted none (LiveKit emits no realtime metric when response.done arrives without response.created,"
            + " or for a discarded generation), or the listener missed it";
      }
    }
    if (llm && modality && c == 0 && b > 0 && billed.llmPromptTokens() == collected.llmPromptTokens()
        && billed.llmCompletionTokens() == collected.llmCompletionTokens()) {
      String detail = name.startsWith("llm_output") ? "output_token_details" : "input_token_details";
      return "the collector does not read " + detail + "." + modalityKey(name)
          + " (this is what LiveKit agents-js's legacy UsageSummary reports, and LiveKit Python before 1.2.6)";
    }
    if (llm && c < b && streamKnown) {
      List<String> zero = collectedById.entrySet().stream()
          .filter(e -> billedById.containsKey(e.getKey()) && billedById.get(e.getKey()).get(f) > 0 && e.getValue().get(f) == 0)
          .map(Map.Entry::getKey).toList();
      if (!zero.isEmpty()) {
        return "the metric for " + String.join(", ", zero)
            + " carried no usage: usage missing from response.done, or an LLM stream stopped before its usage chunk (tokens then count as 0)";
      }
    }
    if (f == UsageField.STT_AUDIO_DURATION && c < b) {
      return "STT usage was reported short: LiveKit < 1.5.7 does not report the remainder of the connection at close"
          + " (Deepgram undercount of a few seconds per stream, #5498), or the STT never reports usage";
    }
    if (f == UsageField.TTS_AUDIO_DURATION && c == 0 && b > 0 && collected.ttsCharactersCount() > 0) {
      return "the collector does not sum TTS audio duration (LiveKit agents-js's legacy UsageSummary has no such field)";
    }
    if (llm && name.contains("_text_") && c > b) {
      long audioBilled = name.startsWith("llm_output") ? billed.llmOutputAudioTokens() : billed.llmInputAudioTokens();
      long audioCollected = name.startsWith("llm_output") ? collected.llmOutputAudioTokens() : collected.llmInputAudioTokens();
      if (audioBilled - audioCollected == c - b) {
        return "audio tokens were reported as text: Gemini's usage named only the TEXT modality (livekit/agents #2426)";
      }
    }
    if (c > b) return "more was collected than billed: usage counted twice, or cumulative usage summed as increments";
    return null;
  }

  private static String modalityKey(String liveKitName) {
    if (liveKitName.contains("cached")) {
      return "cached_tokens_details." + (liveKitName.contains("audio") ? "audio_tokens" : liveKitName.contains("text") ? "text_tokens" : "image_tokens");
    }
    return liveKitName.contains("audio") ? "audio_tokens" : liveKitName.contains("text") ? "text_tokens" : "image_tokens";
  }
}
