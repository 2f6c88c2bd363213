package dev.agentharness.scenario;

import java.util.Locale;

/** The providers a scenario can put in play, by role. */
public final class Providers {
  private Providers() {}

  /** Speech-to-speech models. */
  public enum Realtime implements Named {
    OPENAI("openai", "gpt-realtime"),
    GEMINI("gemini", "gemini-2.5-flash-native-audio-preview-09-2025");

    private final String id;
    private final String defaultModel;

    Realtime(String id, String defaultModel) {
      this.id = id;
      this.defaultModel = defaultModel;
    }

    public String id() {
      return id;
    }

    public String defaultModel() {
      return defaultModel;
    }
  }

  /** Streaming speech-to-text. */
  public enum Stt implements Named {
    DEEPGRAM("deepgram", "nova-3");

    private final String id;
    private final String defaultModel;

    Stt(String id, String defaultModel) {
      this.id = id;
      this.defaultModel = defaultModel;
    }

    public String id() {
      return id;
    }

    public String defaultModel() {
      return defaultModel;
    }
  }

  /** Chat-completion LLMs. */
  public enum Llm implements Named {
    OPENAI("openai", "gpt-4.1-mini");

    private final String id;
    private final String defaultModel;

    Llm(String id, String defaultModel) {
      this.id = id;
      this.defaultModel = defaultModel;
    }

    public String id() {
      return id;
    }

    public String defaultModel() {
      return defaultModel;
    }
  }

  /** Text-to-speech. */
  public enum Tts implements Named {
    OPENAI("openai", "gpt-4o-mini-tts", "alloy"),
    ELEVENLABS("elevenlabs", "eleven_flash_v2_5", "21m00Tcm4TlvDq8ikWAM"),
    CARTESIA("cartesia", "sonic-2", "a0e99841-438c-4a64-b679-ae501e7d6091");

    private final String id;
    private final String defaultModel;
    private final String defaultVoice;

    Tts(String id, String defaultModel, String defaultVoice) {
      this.id = id;
      this.defaultModel = defaultModel;
      this.defaultVoice = defaultVoice;
    }

    public String id() {
      return id;
    }

    public String defaultModel() {
      return defaultModel;
    }

    public String defaultVoice() {
      return defaultVoice;
    }
  }

  /** Which OpenAI Realtime protocol the fake speaks. */
  public enum OpenAiDialect implements Named {
    /** The GA protocol: {@code response.output_audio.delta}, {@code conversation.item.added}. */
    GA,
    /** The retired beta protocol: {@code response.audio.delta}, {@code OpenAI-Beta: realtime=v1}. */
    BETA;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How a TTS client talks to its provider. */
  public enum TtsTransport implements Named {
    /** One HTTP request per segment (a LiveKit {@code ChunkedStream}, {@code streamed=false}). */
    HTTP,
    /** A WebSocket stream (a LiveKit {@code SynthesizeStream}, {@code streamed=true}). */
    WEBSOCKET;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** An enum with a lower-case name used in scenario files and on the command line. */
  public interface Named {
    String id();
  }
}
