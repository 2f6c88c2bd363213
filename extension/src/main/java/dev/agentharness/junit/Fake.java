package dev.agentharness.junit;

/**
 * A fake provider that {@link AgentSession#fakes()} can start. Each one speaks its provider's real wire
 * protocol on loopback and bills to the test's {@link dev.agentharness.ledger.Ledger}.
 *
 * <p>Not every constant is available in every build: asking for one that is not yet wired fails with an
 * {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} naming the available ones.
 */
public enum Fake {
  /** OpenAI Realtime: {@code FakeOpenAiRealtime}, {@code GET /v1/realtime} over WebSocket. */
  OPENAI_REALTIME("FakeOpenAiRealtime",
      "an OpenAI Realtime scenario (\"agent\": {\"realtime\": {\"provider\": \"openai\"}})"),
  /** Gemini Live: {@code FakeGeminiLive}, the {@code BidiGenerateContent} WebSocket. */
  GEMINI_LIVE("FakeGeminiLive", "a Gemini Live scenario (\"agent\": {\"realtime\": {\"provider\": \"gemini\"}})"),
  /** OpenAI chat completions: {@code FakeOpenAiChat}, {@code POST /v1/chat/completions}. */
  OPENAI_CHAT("FakeOpenAiChat", "a pipeline scenario with \"llm\": {\"provider\": \"openai\"}"),
  /** OpenAI speech: {@code FakeOpenAiSpeech}, {@code POST /v1/audio/speech}. */
  OPENAI_SPEECH("FakeOpenAiSpeech", "a pipeline scenario with \"tts\": {\"provider\": \"openai\"}"),
  /** Deepgram streaming STT: {@code FakeDeepgram}, {@code /v1/listen} over WebSocket. */
  DEEPGRAM("FakeDeepgram", "a pipeline scenario with \"stt\": {\"provider\": \"deepgram\"}"),
  /** ElevenLabs TTS: {@code FakeElevenLabs}, HTTP and WebSocket. */
  ELEVENLABS("FakeElevenLabs", "a pipeline scenario with \"tts\": {\"provider\": \"elevenlabs\"}"),
  /** Cartesia TTS: {@code FakeCartesia}, HTTP and WebSocket. */
  CARTESIA("FakeCartesia", "a pipeline scenario with \"tts\": {\"provider\": \"cartesia\"}");

  private final String fakeClass;
  private final String scenarioHint;

  Fake(String fakeClass, String scenarioHint) {
    this.fakeClass = fakeClass;
    this.scenarioHint = scenarioHint;
  }

  /** The simple name of the fake's class, e.g. {@code FakeOpenAiRealtime}: for messages. */
  String fakeClass() {
    return fakeClass;
  }

  /** The kind of scenario that starts this fake: for messages. */
  String scenarioHint() {
    return scenarioHint;
  }
}
