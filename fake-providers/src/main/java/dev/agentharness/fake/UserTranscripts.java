package dev.agentharness.fake;

import dev.agentharness.scenario.UserSpeech;
import java.util.List;

/**
 * What a fake's speech recognition says the user said, utterance after utterance: the given texts in
 * order, the last one again once they run out, {@value UserSpeech#DEFAULT_TEXT} when none are given.
 * Thread-safe. Shared by the fakes that transcribe (Deepgram, OpenAI Realtime, Gemini Live).
 */
public final class UserTranscripts {

  private final List<String> texts;
  private int next; // guarded by this

  public UserTranscripts(List<String> texts) {
    this.texts = List.copyOf(texts);
  }

  /** The transcript of the next utterance. */
  public synchronized String next() {
    if (texts.isEmpty()) return UserSpeech.DEFAULT_TEXT;
    return texts.get(Math.min(next++, texts.size() - 1));
  }
}
