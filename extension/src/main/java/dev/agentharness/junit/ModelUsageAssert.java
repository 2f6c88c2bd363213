package dev.agentharness.junit;

import dev.agentharness.usage.AgentSessionUsage;
import dev.agentharness.usage.LlmModelUsage;
import dev.agentharness.usage.ModelUsage;
import dev.agentharness.usage.SttModelUsage;
import dev.agentharness.usage.TtsModelUsage;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Assertions on usage per (provider, model): LiveKit's {@code AgentSession.usage}
 * ({@link AgentSessionUsage}).
 *
 * <pre>{@code
 * assertThat(session).modelUsage()
 *     .containsOnlyProviders("api.openai.com")
 *     .hasLlm("api.openai.com", "gpt-realtime").hasOutputAudioTokens(91);
 * }</pre>
 *
 * <p>A missing entry fails with the entries that are there. Reached from {@code assertThat(session)},
 * the per-model asserts also say what the fakes billed for the same model.
 */
public class ModelUsageAssert extends AbstractAssert<ModelUsageAssert, AgentSessionUsage> {

  /** Set inside {@link AgentSoftAssertions}: navigation then returns soft proxies. */
  SoftAssertionsProvider softly;
  /** What the fakes billed, per model, when known. */
  AgentSessionUsage billed;

  public ModelUsageAssert(AgentSessionUsage actual) {
    super(actual, ModelUsageAssert.class);
  }

  /** The LLM (or realtime-model) usage of {@code provider} and {@code model} exists; navigates to it. */
  public LlmModelUsageAssert hasLlm(String provider, String model) {
    LlmModelUsage u = find(LlmModelUsage.class, "LLM", provider, model);
    LlmModelUsageAssert a = Navigation.child(softly, LlmModelUsageAssert.class, LlmModelUsage.class, u,
        LlmModelUsageAssert::new);
    return wire(a, u, LlmModelUsage.class, provider, model);
  }

  /** The TTS usage of {@code provider} and {@code model} exists; navigates to it. */
  public TtsModelUsageAssert hasTts(String provider, String model) {
    TtsModelUsage u = find(TtsModelUsage.class, "TTS", provider, model);
    TtsModelUsageAssert a = Navigation.child(softly, TtsModelUsageAssert.class, TtsModelUsage.class, u,
        TtsModelUsageAssert::new);
    return wire(a, u, TtsModelUsage.class, provider, model);
  }

  /** The STT usage of {@code provider} and {@code model} exists; navigates to it. */
  public SttModelUsageAssert hasStt(String provider, String model) {
    SttModelUsage u = find(SttModelUsage.class, "STT", provider, model);
    SttModelUsageAssert a = Navigation.child(softly, SttModelUsageAssert.class, SttModelUsage.class, u,
        SttModelUsageAssert::new);
    return wire(a, u, SttModelUsage.class, provider, model);
  }

  /** The set of providers is exactly {@code providers} (any order; LiveKit's empty provider is {@code ""}). */
  public ModelUsageAssert containsOnlyProviders(String... providers) {
    isNotNull();
    Set<String> expected = new LinkedHashSet<>(Arrays.asList(providers));
    Set<String> found = new LinkedHashSet<>();
    for (ModelUsage u : actual.modelUsage()) found.add(u.provider());
    if (found.equals(expected)) return myself;
    Set<String> missing = new LinkedHashSet<>(expected);
    missing.removeAll(found);
    Set<String> extra = new LinkedHashSet<>(found);
    extra.removeAll(expected);
    StringBuilder sb = new StringBuilder("Expected usage from exactly the providers " + quoted(expected) + ", but");
    if (!missing.isEmpty()) sb.append(" none came from ").append(quoted(missing));
    if (!missing.isEmpty() && !extra.isEmpty()) sb.append(" and");
    if (!extra.isEmpty()) sb.append(" some came from ").append(quoted(extra));
    sb.append(".\nUsage per model:\n").append(Texts.modelUsages(actual.modelUsage()));
    if (found.contains("")) sb.append(unnamedNote());
    throw failure("%s", sb.toString().stripTrailing());
  }

  /** There are exactly {@code n} (provider, model) entries. */
  public ModelUsageAssert hasSize(int n) {
    isNotNull();
    if (actual.modelUsage().size() == n) return myself;
    throw failure("%s", "Expected " + Texts.plural(n, "usage entry", "usage entries") + ", but there "
        + (actual.modelUsage().size() == 1 ? "is 1" : "are " + actual.modelUsage().size()) + ":\n"
        + Texts.modelUsages(actual.modelUsage()).stripTrailing());
  }

  /** Every entry names its provider and model (metrics without metadata are grouped under ("", "")). */
  public ModelUsageAssert hasNoUnnamedModels() {
    isNotNull();
    List<ModelUsage> unnamed = actual.modelUsage().stream()
        .filter(u -> u.provider().isEmpty() || u.model().isEmpty()).toList();
    if (unnamed.isEmpty()) return myself;
    throw failure("%s", "Expected every usage entry to name its provider and model, but "
        + (unnamed.size() == 1 ? "1 entry does" : unnamed.size() + " entries do") + " not:\n"
        + Texts.modelUsages(unnamed) + unnamedNote().stripLeading());
  }

  private <U extends ModelUsage> U find(Class<U> type, String kind, String provider, String model) {
    if (softly == null) isNotNull();
    if (actual == null) return null;
    Optional<U> u = actual.find(type, provider, model);
    if (u.isPresent()) return u.get();
    StringBuilder sb = new StringBuilder("Expected " + kind + " usage of " + Texts.quoted(provider) + "/"
        + Texts.quoted(model) + ", but there is none. Usage per model:\n" + Texts.modelUsages(actual.modelUsage()));
    List<U> sameProvider = actual.ofType(type).stream().filter(x -> x.provider().equals(provider)).toList();
    if (!sameProvider.isEmpty()) {
      sb.append(Texts.quoted(provider)).append(" has ").append(kind).append(" usage for ")
          .append(String.join(", ", sameProvider.stream().map(x -> Texts.quoted(x.model())).toList()))
          .append(": is the model name right?\n");
    }
    if (actual.modelUsage().stream().anyMatch(x -> x.provider().isEmpty())) sb.append(unnamedNote());
    Navigation.report(softly, failure("%s", sb.toString().stripTrailing()));
    return null;
  }

  private <A extends AbstractModelUsageAssert<A, U>, U extends ModelUsage> A wire(A a, U found, Class<U> type,
      String provider, String model) {
    a.softly = softly;
    if (billed != null) {
      a.billedKnown = true;
      a.billed = billed.find(type, provider, model).orElse(null);
    }
    // a missing entry (soft assertions only get here) leaves an assert over null: name what it was for
    return found == null ? a.as(labelOf(type, provider, model)) : a;
  }

  private static String labelOf(Class<? extends ModelUsage> type, String provider, String model) {
    String kind = type == LlmModelUsage.class ? "llm_usage" : type == TtsModelUsage.class ? "tts_usage" : "stt_usage";
    return kind + " " + Texts.quoted(provider) + "/" + Texts.quoted(model);
  }

  private static String unnamedNote() {
    return "\nEntries with provider (none) come from metrics without metadata: the plugin set no model_provider"
        + " or model_name.";
  }

  private static String quoted(Set<String> s) {
    return String.join(", ", s.stream().map(x -> x.isEmpty() ? "\"\"" : "\"" + x + "\"").toList());
  }

}
