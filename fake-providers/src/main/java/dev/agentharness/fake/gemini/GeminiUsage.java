package dev.agentharness.fake.gemini;

import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.scenario.TokenUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini's {@code usageMetadata}, written in camelCase with zero counts left out as proto3 JSON does.
 * Modality lists name TEXT and AUDIO for the prompt (IMAGE when there is some), the response's
 * modalities for the response (native-audio models: AUDIO only), and cached modalities when there is
 * a cache hit. The faults that make Gemini's reports wrong are applied here.
 */
final class GeminiUsage {

  private GeminiUsage() {}

  /** How a report is distorted. */
  record Style(boolean textModalityOnly, boolean omitZeroModalities) {
    static final Style CLEAN = new Style(false, false);
  }

  private record Entry(String modality, long count) {}

  /** The value of {@code usageMetadata} for {@code u}. */
  static String metadata(TokenUsage u, boolean audioResponse, Style style) {
    long prompt = u.input();
    long cached = u.cached();
    long response = u.output();
    long thoughts = n(u.reasoning());
    long total = prompt + response + thoughts;
    JsonWriter w = new JsonWriter().beginObject();
    if (prompt != 0) w.field("promptTokenCount", prompt);
    if (cached != 0) w.field("cachedContentTokenCount", cached);
    if (response != 0) w.field("responseTokenCount", response);
    if (thoughts != 0) w.field("thoughtsTokenCount", thoughts);
    if (total != 0) w.field("totalTokenCount", total);

    List<Entry> promptDetails = new ArrayList<>();
    List<Entry> cacheDetails = new ArrayList<>();
    List<Entry> responseDetails = new ArrayList<>();
    if (style.textModalityOnly()) {
      // livekit/agents #2426, python-genai #1342: every list names TEXT only
      promptDetails.add(new Entry("TEXT", prompt));
      if (cached != 0) cacheDetails.add(new Entry("TEXT", cached));
      responseDetails.add(new Entry("TEXT", response));
    } else {
      promptDetails.add(new Entry("TEXT", n(u.inputText())));
      promptDetails.add(new Entry("AUDIO", n(u.inputAudio())));
      if (n(u.inputImage()) != 0) promptDetails.add(new Entry("IMAGE", n(u.inputImage())));
      if (n(u.cachedText()) != 0) cacheDetails.add(new Entry("TEXT", n(u.cachedText())));
      if (n(u.cachedAudio()) != 0) cacheDetails.add(new Entry("AUDIO", n(u.cachedAudio())));
      if (n(u.cachedImage()) != 0) cacheDetails.add(new Entry("IMAGE", n(u.cachedImage())));
      if (!audioResponse || n(u.outputText()) != 0) responseDetails.add(new Entry("TEXT", n(u.outputText())));
      if (audioResponse || n(u.outputAudio()) != 0) responseDetails.add(new Entry("AUDIO", n(u.outputAudio())));
    }
    details(w, "promptTokensDetails", promptDetails, style);
    details(w, "cacheTokensDetails", cacheDetails, style);
    details(w, "responseTokensDetails", responseDetails, style);
    return w.endObject().toString();
  }

  private static void details(JsonWriter w, String name, List<Entry> entries, Style style) {
    List<Entry> kept = new ArrayList<>();
    for (Entry e : entries) {
      if (!style.omitZeroModalities() || e.count() != 0) kept.add(e);
    }
    if (kept.isEmpty()) return;
    w.name(name).beginArray();
    for (Entry e : kept) w.beginObject().field("modality", e.modality()).field("tokenCount", e.count()).endObject();
    w.endArray();
  }

  static TokenUsage plus(TokenUsage a, TokenUsage b) {
    return new TokenUsage(n(a.inputText()) + n(b.inputText()), n(a.inputAudio()) + n(b.inputAudio()),
        n(a.inputImage()) + n(b.inputImage()), n(a.cachedText()) + n(b.cachedText()),
        n(a.cachedAudio()) + n(b.cachedAudio()), n(a.cachedImage()) + n(b.cachedImage()),
        n(a.outputText()) + n(b.outputText()), n(a.outputAudio()) + n(b.outputAudio()),
        n(a.reasoning()) + n(b.reasoning()));
  }

  static final TokenUsage ZERO = new TokenUsage(0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);

  static long n(Long v) {
    return v == null ? 0 : v;
  }
}
