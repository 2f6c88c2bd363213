package dev.agentharness.scenario;

import java.util.Objects;

/**
 * The models an agent uses: either a realtime (speech-to-speech) model, or an STT → LLM → TTS pipeline.
 *
 * @param realtime the realtime model, or {@code null} for a pipeline
 * @param stt the pipeline's speech-to-text, or {@code null}
 * @param llm the pipeline's LLM, or {@code null}
 * @param tts the pipeline's text-to-speech, or {@code null}
 */
public record Agent(RealtimeModel realtime, SttModel stt, LlmModel llm, TtsModel tts) {

  public Agent {
    if (realtime == null && llm == null) {
      throw new IllegalArgumentException("an agent needs a realtime model or a pipeline LLM");
    }
    if (realtime != null && (stt != null || llm != null || tts != null)) {
      throw new IllegalArgumentException("an agent has either a realtime model or an STT/LLM/TTS pipeline, not both");
    }
  }

  public static Agent realtime(RealtimeModel model) {
    return new Agent(model, null, null, null);
  }

  public static Agent pipeline(SttModel stt, LlmModel llm, TtsModel tts) {
    return new Agent(null, stt, llm, tts);
  }

  public boolean isRealtime() {
    return realtime != null;
  }

  /** A realtime model: provider, model name and, for OpenAI, the protocol dialect. */
  public record RealtimeModel(Providers.Realtime provider, String model, Providers.OpenAiDialect dialect) {
    public RealtimeModel {
      Objects.requireNonNull(provider, "provider");
      if (model == null) model = provider.defaultModel();
      if (dialect == null) dialect = Providers.OpenAiDialect.GA;
    }

    public static RealtimeModel of(Providers.Realtime provider) {
      return new RealtimeModel(provider, null, null);
    }
  }

  /** A pipeline's speech-to-text. */
  public record SttModel(Providers.Stt provider, String model) {
    public SttModel {
      Objects.requireNonNull(provider, "provider");
      if (model == null) model = provider.defaultModel();
    }
  }

  /** A pipeline's LLM. */
  public record LlmModel(Providers.Llm provider, String model) {
    public LlmModel {
      Objects.requireNonNull(provider, "provider");
      if (model == null) model = provider.defaultModel();
    }
  }

  /** A pipeline's text-to-speech. */
  public record TtsModel(Providers.Tts provider, String model, String voice, Providers.TtsTransport transport) {
    public TtsModel {
      Objects.requireNonNull(provider, "provider");
      if (model == null) model = provider.defaultModel();
      if (voice == null) voice = provider.defaultVoice();
      if (transport == null) {
        transport = provider == Providers.Tts.OPENAI ? Providers.TtsTransport.HTTP : Providers.TtsTransport.WEBSOCKET;
      }
      if (provider == Providers.Tts.OPENAI && transport == Providers.TtsTransport.WEBSOCKET) {
        throw new IllegalArgumentException("OpenAI speech has no WebSocket transport; use http");
      }
      if (provider == Providers.Tts.CARTESIA && transport == Providers.TtsTransport.HTTP) {
        throw new IllegalArgumentException("the Cartesia fake speaks WebSocket only; use websocket");
      }
    }
  }
}
