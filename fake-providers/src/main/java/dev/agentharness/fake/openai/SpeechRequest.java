package dev.agentharness.fake.openai;

import dev.agentharness.fake.openai.OpenAiErrors.Invalid;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import java.math.BigDecimal;
import java.util.List;

/** A validated {@code POST /v1/audio/speech} body (OpenAPI {@code CreateSpeechRequest}). */
final class SpeechRequest {

  static final List<String> MODELS = List.of("tts-1", "tts-1-hd", "gpt-4o-mini-tts", "gpt-4o-mini-tts-2025-12-15");
  static final List<String> VOICES = List.of("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage",
      "shimmer", "verse", "marin", "cedar");
  static final List<String> FORMATS = List.of("mp3", "opus", "aac", "flac", "wav", "pcm");
  static final List<String> STREAM_FORMATS = List.of("sse", "audio");
  static final List<String> PARAMETERS = List.of("model", "input", "voice", "instructions", "response_format", "speed",
      "stream_format");
  static final int MAX_INPUT = 4096;

  final String model;
  final String input;
  final String voice;
  final String format;
  final double speed;
  final boolean sse;

  private SpeechRequest(String model, String input, String voice, String format, double speed, boolean sse) {
    this.model = model;
    this.input = input;
    this.voice = voice;
    this.format = format;
    this.speed = speed;
    this.sse = sse;
  }

  /** tts-1 and tts-1-hd bill characters; the gpt-4o-mini-tts models bill tokens. */
  boolean tokenBilled() {
    return model.startsWith("gpt-");
  }

  /** Characters as OpenAI (and LiveKit, in Python) count them: code points. */
  int characters() {
    return input.codePointCount(0, input.length());
  }

  static SpeechRequest parse(String body) {
    JsonValue root;
    try {
      root = Json.parse(body);
    } catch (JsonException e) {
      throw OpenAiErrors.invalidJson();
    }
    if (!(root instanceof JsonValue.Obj o)) throw OpenAiErrors.invalidJson();
    for (JsonValue.Member m : o.members()) {
      if (!PARAMETERS.contains(m.key())) throw OpenAiErrors.unknownParameter(m.key());
    }
    String model = string(o, "model", true);
    if (!MODELS.contains(model)) throw OpenAiErrors.invalidValue("model", model, MODELS);
    boolean legacy = model.startsWith("tts-1");
    String input = string(o, "input", true);
    int length = input.codePointCount(0, input.length());
    if (length > MAX_INPUT) throw tooLong("input", length);
    String voice = voice(o.getPresent("voice"));
    String instructions = string(o, "instructions", false);
    if (instructions != null) {
      int n = instructions.codePointCount(0, instructions.length());
      if (n > MAX_INPUT) throw tooLong("instructions", n);
      if (legacy) throw unsupported("instructions", model);
    }
    String format = string(o, "response_format", false);
    if (format == null) format = "mp3";
    if (!FORMATS.contains(format)) throw OpenAiErrors.invalidValue("response_format", format, FORMATS);
    double speed = 1.0;
    JsonValue s = o.getPresent("speed");
    if (s != null) {
      if (!(s instanceof JsonValue.Num num)) throw OpenAiErrors.invalidType("speed", "a decimal", s);
      BigDecimal v = num.decimalValue();
      if (v.compareTo(new BigDecimal("0.25")) < 0) {
        throw new Invalid("Invalid 'speed': decimal below minimum value. Expected a value >= 0.25, but got "
            + num.text() + " instead.", "speed", "decimal_below_min_value");
      }
      if (v.compareTo(new BigDecimal("4")) > 0) {
        throw new Invalid("Invalid 'speed': decimal above maximum value. Expected a value <= 4, but got " + num.text()
            + " instead.", "speed", "decimal_above_max_value");
      }
      speed = v.doubleValue();
    }
    String streamFormat = string(o, "stream_format", false);
    if (streamFormat == null) streamFormat = "audio";
    if (!STREAM_FORMATS.contains(streamFormat)) {
      throw OpenAiErrors.invalidValue("stream_format", streamFormat, STREAM_FORMATS);
    }
    boolean sse = streamFormat.equals("sse");
    if (sse && legacy) {
      throw new Invalid("Unsupported value: 'stream_format' does not support 'sse' with this model. Supported values "
          + "are: 'audio'.", "stream_format", "unsupported_value");
    }
    if (!format.equals("pcm") && !format.equals("wav")) {
      throw new Invalid("Unsupported value: 'response_format' " + format + " is unsupported by the agentharness fake: "
          + "use pcm or wav.", "response_format", "unsupported_value");
    }
    return new SpeechRequest(model, input, voice, format, speed, sse);
  }

  private static String voice(JsonValue v) {
    if (v == null) throw OpenAiErrors.missing("voice");
    if (v instanceof JsonValue.Str s) {
      if (!VOICES.contains(s.value())) throw OpenAiErrors.invalidValue("voice", s.value(), VOICES);
      return s.value();
    }
    if (!(v instanceof JsonValue.Obj o)) throw OpenAiErrors.invalidType("voice", "a string or an object", v);
    for (JsonValue.Member m : o.members()) {
      if (!m.key().equals("id")) throw OpenAiErrors.unknownParameter("voice." + m.key());
    }
    JsonValue id = o.getPresent("id");
    if (id == null) throw OpenAiErrors.missing("voice.id");
    if (!(id instanceof JsonValue.Str s)) throw OpenAiErrors.invalidType("voice.id", "a string", id);
    if (!s.value().startsWith("voice_")) {
      throw new Invalid("Invalid 'voice.id': expected a custom voice id starting with 'voice_', but got '" + s.value()
          + "' instead.", "voice.id", "invalid_value");
    }
    return s.value();
  }

  private static String string(JsonValue.Obj o, String param, boolean required) {
    JsonValue v = o.getPresent(param);
    if (v == null) {
      if (required) throw OpenAiErrors.missing(param);
      return null;
    }
    if (!(v instanceof JsonValue.Str s)) throw OpenAiErrors.invalidType(param, "a string", v);
    return s.value();
  }

  private static Invalid tooLong(String param, int length) {
    return new Invalid("Invalid '" + param + "': string too long. Expected a string with maximum length " + MAX_INPUT
        + ", but got a string with length " + length + " instead.", param, "string_above_max_length");
  }

  private static Invalid unsupported(String param, String model) {
    return new Invalid("Unsupported parameter: '" + param + "' is not supported with this model (" + model + ").",
        param, "unsupported_parameter");
  }
}
