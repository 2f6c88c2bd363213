package dev.agentharness.fake.gemini;

import dev.agentharness.internal.json.JsonValue;
import java.time.Duration;

/**
 * What the fake keeps of a {@code setup} message. Fields it does not use (tools, speech config,
 * context-window compression, ...) are accepted and ignored.
 */
final class GeminiSetup {

  /** The model as the client named it, e.g. {@code models/gemini-2.5-flash-native-audio-preview-09-2025}. */
  final String modelResource;
  /** The model without its {@code models/} prefix: what the ledger and LiveKit's metadata name. */
  final String model;
  /** {@code responseModalities} names TEXT and not AUDIO. */
  final boolean textResponses;
  final String systemInstruction;
  final boolean automaticActivityDetection;
  final Duration silenceDuration;
  /** {@code activityHandling: NO_INTERRUPTION}: user activity does not interrupt the model. */
  final boolean noInterruption;
  final boolean inputTranscription;
  final boolean outputTranscription;
  final boolean sessionResumption;

  private GeminiSetup(String modelResource, boolean textResponses, String systemInstruction,
      boolean automaticActivityDetection, Duration silenceDuration, boolean noInterruption, boolean inputTranscription,
      boolean outputTranscription, boolean sessionResumption) {
    this.modelResource = modelResource;
    this.model = modelResource.startsWith("models/") ? modelResource.substring("models/".length()) : modelResource;
    this.textResponses = textResponses;
    this.systemInstruction = systemInstruction;
    this.automaticActivityDetection = automaticActivityDetection;
    this.silenceDuration = silenceDuration;
    this.noInterruption = noInterruption;
    this.inputTranscription = inputTranscription;
    this.outputTranscription = outputTranscription;
    this.sessionResumption = sessionResumption;
  }

  /** Native-audio models bill no text tokens for the transcript of their speech. */
  boolean nativeAudio() {
    return model.contains("native-audio");
  }

  /**
   * Reads a setup message.
   *
   * @return {@code null} when the setup is invalid (no model)
   */
  static GeminiSetup parse(JsonValue.Obj setup, Duration defaultSilence) {
    String model = Proto.str(setup, "model");
    if (model == null || model.isBlank()) return null;
    JsonValue.Obj generation = Proto.obj(setup, "generationConfig");
    boolean text = false;
    JsonValue.Arr modalities = Proto.arr(generation, "responseModalities");
    if (modalities != null && !modalities.items().isEmpty()) {
      boolean audio = false;
      for (JsonValue m : modalities.items()) {
        String name = Proto.enumName(m);
        if ("AUDIO".equals(name)) audio = true;
        if ("TEXT".equals(name)) text = true;
      }
      text = text && !audio;
    }
    String instruction = instruction(Proto.get(setup, "systemInstruction"));
    JsonValue.Obj input = Proto.obj(setup, "realtimeInputConfig");
    JsonValue.Obj aad = Proto.obj(input, "automaticActivityDetection");
    boolean automatic = !Proto.bool(aad, "disabled");
    Long silenceMs = Proto.integer(aad, "silenceDurationMs");
    Duration silence = silenceMs != null && silenceMs > 0 ? Duration.ofMillis(silenceMs) : defaultSilence;
    boolean noInterruption = "NO_INTERRUPTION".equals(Proto.enumName(Proto.get(input, "activityHandling")));
    return new GeminiSetup(model, text, instruction, automatic, silence, noInterruption,
        Proto.get(setup, "inputAudioTranscription") != null, Proto.get(setup, "outputAudioTranscription") != null,
        Proto.get(setup, "sessionResumption") != null);
  }

  /** The text of a {@code systemInstruction}: a Content ({@code {"parts":[{"text":...}]}}) or a plain string. */
  private static String instruction(JsonValue v) {
    if (v instanceof JsonValue.Str s) return s.value();
    if (!(v instanceof JsonValue.Obj content)) return "";
    return partsText(content);
  }

  /** The concatenated {@code text} of a Content's parts. */
  static String partsText(JsonValue.Obj content) {
    StringBuilder sb = new StringBuilder();
    JsonValue.Arr parts = Proto.arr(content, "parts");
    if (parts == null) return "";
    for (JsonValue p : parts.items()) {
      if (p instanceof JsonValue.Obj part) {
        String t = Proto.str(part, "text");
        if (t != null) sb.append(t);
      }
    }
    return sb.toString();
  }
}
