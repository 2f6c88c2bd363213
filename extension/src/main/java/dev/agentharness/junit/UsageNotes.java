package dev.agentharness.junit;

import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageSummary;

/**
 * What to say about one field of a usage summary when an assertion on it fails: an observation and the
 * question it raises (from the summary alone), and, when the fakes' ledger is known, what was billed and
 * the reconciliation's likely cause. Not API.
 */
final class UsageNotes {

  private static final String LEGACY_JS = "(LiveKit agents-js's legacy UsageSummary has no audio fields)";

  private UsageNotes() {}

  /** An observation ("output audio tokens are 0 while 121 completion tokens were collected") and its question. */
  record Hint(String observation, String question) {
    @Override
    public String toString() {
      return observation + ": " + question;
    }
  }

  /**
   * The note for {@code field} of {@code s}, or {@code null} when there is nothing to add.
   *
   * @param r the reconciliation against the fakes' ledger, or {@code null} when no ledger is known
   */
  static String note(UsageField field, UsageSummary s, Reconciliation r) {
    Hint h = hint(field, s);
    if (r == null) return h == null ? null : h.toString();
    Reconciliation.Difference d = difference(r, field);
    long v = s.get(field);
    if (d == null || d.collected() != v) {
      // the ledger agrees with this value (or the reconciliation is of another summary)
      long billed = r.billed().get(field);
      if (billed != v) return "the fake billed " + field.format(billed) + (h == null ? "" : "; " + h);
      return "the fake billed the same (" + field.format(v) + "), so the collector counted what was billed";
    }
    String billed = "the fake billed " + field.format(d.billed())
        + (d.responses().isEmpty() ? "" : " (" + d.responsesText() + ")");
    String head = h != null ? h.observation() + ", but " + billed : field.format(v) + " collected, but " + billed;
    String cause = d.likelyCause() != null ? d.likelyCause() : h != null ? h.question() : null;
    return head + (cause == null ? "" : ". Likely cause: " + cause);
  }

  static Reconciliation.Difference difference(Reconciliation r, UsageField field) {
    for (Reconciliation.Difference d : r.differences()) {
      if (d.field() == field) return d;
    }
    return null;
  }

  /** What the summary alone suggests about a suspicious value of {@code f}; {@code null} if nothing. */
  static Hint hint(UsageField f, UsageSummary s) {
    long v = s.get(f);
    if (v != 0) return null;
    boolean llm = f.liveKitName().startsWith("llm_");
    long prompt = s.llmPromptTokens();
    long completion = s.llmCompletionTokens();
    boolean pipeline = s.ttsCharactersCount() > 0 || !s.sttAudioDuration().isZero();
    String pipelineNote = pipeline
        ? "; a pipeline's LLM reports no audio tokens (its audio is in the tts_ and stt_ fields)" : "";
    if (llm && prompt == 0 && completion == 0) {
      return new Hint("no LLM usage was collected at all",
          "did the collector receive the metrics (is it subscribed to metrics_collected?), and did the responses carry"
              + " usage (usage missing from response.done, or an LLM stream cut before its usage chunk)?");
    }
    switch (f) {
      case LLM_OUTPUT_AUDIO_TOKENS:
        if (completion == 0) return null;
        if (s.llmOutputTextTokens() == 0) {
          return new Hint("output audio tokens are 0 while " + completion + " completion tokens were collected",
              "is the collector reading output_token_details.audio_tokens? " + LEGACY_JS + pipelineNote);
        }
        return new Hint(
            "output audio tokens are 0 while " + s.llmOutputTextTokens() + " output text tokens were collected",
            "was the audio reported as text (Gemini's usage naming only the TEXT modality, livekit/agents #2426),"
                + " or were the replies text-only?" + pipelineNote);
      case LLM_INPUT_AUDIO_TOKENS:
        if (prompt == 0) return null;
        if (s.llmInputTextTokens() == 0 && s.llmInputImageTokens() == 0) {
          return new Hint("input audio tokens are 0 while " + prompt + " prompt tokens were collected",
              "is the collector reading input_token_details.audio_tokens? " + LEGACY_JS + pipelineNote);
        }
        return new Hint(
            "input audio tokens are 0 while " + s.llmInputTextTokens() + " input text tokens were collected",
            "was the user's audio sent to the model, or reported as text (Gemini's TEXT-only modality lists,"
                + " livekit/agents #2426)?" + pipelineNote);
      case LLM_OUTPUT_TEXT_TOKENS:
        if (completion == 0 || s.llmOutputAudioTokens() != 0 || s.llmOutputImageTokens() != 0) return null;
        return new Hint("output text tokens are 0 while " + completion + " completion tokens were collected",
            "is the collector reading output_token_details.text_tokens? (LiveKit agents-js's legacy UsageSummary has no"
                + " modality fields, and a plain LLM's llm_metrics carry none)");
      case LLM_INPUT_TEXT_TOKENS:
        if (prompt == 0 || s.llmInputAudioTokens() != 0 || s.llmInputImageTokens() != 0) return null;
        return new Hint("input text tokens are 0 while " + prompt + " prompt tokens were collected",
            "is the collector reading input_token_details.text_tokens? (LiveKit agents-js's legacy UsageSummary has no"
                + " modality fields, and a plain LLM's llm_metrics carry none)");
      case LLM_INPUT_CACHED_AUDIO_TOKENS:
      case LLM_INPUT_CACHED_TEXT_TOKENS:
      case LLM_INPUT_CACHED_IMAGE_TOKENS:
        long cached = s.llmPromptCachedTokens();
        long cachedByModality =
            s.llmInputCachedAudioTokens() + s.llmInputCachedTextTokens() + s.llmInputCachedImageTokens();
        if (cached == 0 || cachedByModality != 0) {
          return null;
        }
        String modality = f == UsageField.LLM_INPUT_CACHED_AUDIO_TOKENS ? "audio"
            : f == UsageField.LLM_INPUT_CACHED_TEXT_TOKENS ? "text" : "image";
        return new Hint("cached " + modality + " tokens are 0 while " + cached + " cached prompt tokens were collected",
            "is the collector reading input_token_details.cached_tokens_details." + modality + "_tokens?");
      case TTS_AUDIO_DURATION:
        if (s.ttsCharactersCount() > 0) {
          return new Hint("TTS audio duration is 0 while " + s.ttsCharactersCount() + " TTS characters were collected",
              "does the collector sum TTS audio duration? (LiveKit agents-js's legacy UsageSummary has no such field)");
        }
        return noTts();
      case TTS_CHARACTERS_COUNT:
        return s.ttsAudioDuration().isZero() ? noTts() : null;
      case STT_AUDIO_DURATION:
        return new Hint("no STT audio was collected",
            "a realtime model hears the user itself and bills no STT; in a pipeline, did the STT report usage?");
      default:
        return null;
    }
  }

  private static Hint noTts() {
    return new Hint("no TTS usage was collected",
        "a realtime model speaks itself and bills no TTS; in a pipeline, was a TTS metric emitted? (LiveKit emits none"
            + " for a streamed segment interrupted before its final frame)");
  }
}
