package dev.agentharness.fake.openai;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.internal.json.JsonWriter;
import java.util.ArrayList;
import java.util.List;

/** A Realtime session's effective configuration: what {@code session.update} changes and {@code session.updated} echoes. */
final class RealtimeSessionConfig {

  /** Server-side turn detection; {@code null} in the config means manual turns. */
  record TurnDetection(String type, double threshold, int prefixPaddingMs, int silenceDurationMs,
      boolean createResponse, boolean interruptResponse, String eagerness) {
    static final TurnDetection SERVER_VAD = new TurnDetection("server_vad", 0.5, 300, 200, true, true, null);
  }

  final String id;
  String model;
  String instructions = "";
  List<String> outputModalities = List.of("audio");
  String voice = "marin";
  double speed = 1;
  TurnDetection turnDetection = TurnDetection.SERVER_VAD;
  String transcriptionModel;
  String inputFormat = "audio/pcm";
  String outputFormat = "audio/pcm";
  String maxOutputTokens = "\"inf\"";
  String tools = "[]";
  String toolChoice = "\"auto\"";
  double temperature = 0.8;
  long expiresAt;

  RealtimeSessionConfig(String id, String model, long expiresAt) {
    this.id = id;
    this.model = model;
    this.expiresAt = expiresAt;
  }

  AudioFormat inputAudioFormat() {
    return format(inputFormat);
  }

  AudioFormat outputAudioFormat() {
    return format(outputFormat);
  }

  private static AudioFormat format(String type) {
    return switch (type) {
      case "audio/pcmu", "g711_ulaw" -> AudioFormat.ULAW_8K;
      case "audio/pcma", "g711_alaw" -> AudioFormat.ALAW_8K;
      default -> AudioFormat.PCM16_24K;
    };
  }

  boolean audioOut() {
    return outputModalities.contains("audio");
  }

  /**
   * Applies a GA {@code session} object. Unknown fields are ignored; a missing {@code type} is the
   * error OpenAI gives.
   *
   * @return an error message, or {@code null}
   */
  String applyGa(JsonValue.Obj s) {
    JsonValue type = s.get("type");
    if (type == null) return "Missing required parameter: 'session.type'.";
    if (s.getPresent("model") != null) model = s.get("model").asString("session.model");
    if (s.get("instructions") != null) instructions = s.get("instructions").isNull() ? "" : s.get("instructions").asString("session.instructions");
    if (s.getPresent("output_modalities") != null) outputModalities = strings(s.get("output_modalities"));
    if (s.getPresent("max_output_tokens") != null) maxOutputTokens = raw(s.get("max_output_tokens"));
    if (s.getPresent("tools") != null) tools = raw(s.get("tools"));
    if (s.getPresent("tool_choice") != null) toolChoice = raw(s.get("tool_choice"));
    JsonValue.Obj audio = obj(s.getPresent("audio"));
    if (audio != null) {
      JsonValue.Obj in = obj(audio.getPresent("input"));
      if (in != null) {
        JsonValue.Obj fmt = obj(in.getPresent("format"));
        if (fmt != null && fmt.getPresent("type") != null) inputFormat = fmt.get("type").asString("format.type");
        if (in.has("transcription")) {
          JsonValue.Obj t = obj(in.getPresent("transcription"));
          transcriptionModel = t == null ? null : t.getPresent("model") == null ? "whisper-1" : t.get("model").asString("model");
        }
        if (in.has("turn_detection")) turnDetection = turnDetection(in.get("turn_detection"));
      }
      JsonValue.Obj out = obj(audio.getPresent("output"));
      if (out != null) {
        JsonValue.Obj fmt = obj(out.getPresent("format"));
        if (fmt != null && fmt.getPresent("type") != null) outputFormat = fmt.get("type").asString("format.type");
        if (out.getPresent("voice") != null) voice = out.get("voice") instanceof JsonValue.Str v ? v.value() : raw(out.get("voice"));
        if (out.getPresent("speed") != null) speed = out.get("speed").asDouble("speed");
      }
    }
    return null;
  }

  /** Applies a beta (flat) {@code session} object. */
  String applyBeta(JsonValue.Obj s) {
    if (s.getPresent("model") != null) model = s.get("model").asString("session.model");
    if (s.get("instructions") != null) instructions = s.get("instructions").isNull() ? "" : s.get("instructions").asString("session.instructions");
    if (s.getPresent("modalities") != null) {
      outputModalities = strings(s.get("modalities")).contains("audio") ? List.of("audio") : List.of("text");
    }
    if (s.getPresent("voice") != null) voice = s.get("voice").asString("session.voice");
    if (s.getPresent("input_audio_format") != null) inputFormat = s.get("input_audio_format").asString("input_audio_format");
    if (s.getPresent("output_audio_format") != null) outputFormat = s.get("output_audio_format").asString("output_audio_format");
    if (s.has("input_audio_transcription")) {
      JsonValue.Obj t = obj(s.getPresent("input_audio_transcription"));
      transcriptionModel = t == null ? null : t.getPresent("model") == null ? "whisper-1" : t.get("model").asString("model");
    }
    if (s.has("turn_detection")) turnDetection = turnDetection(s.get("turn_detection"));
    if (s.getPresent("tools") != null) tools = raw(s.get("tools"));
    if (s.getPresent("tool_choice") != null) toolChoice = raw(s.get("tool_choice"));
    if (s.getPresent("temperature") != null) temperature = s.get("temperature").asDouble("temperature");
    if (s.getPresent("max_response_output_tokens") != null) maxOutputTokens = raw(s.get("max_response_output_tokens"));
    return null;
  }

  private static TurnDetection turnDetection(JsonValue v) {
    if (v == null || v.isNull()) return null;
    JsonValue.Obj o = v.asObject("turn_detection");
    TurnDetection d = TurnDetection.SERVER_VAD;
    String type = o.getPresent("type") == null ? "server_vad" : o.get("type").asString("type");
    double threshold = o.getPresent("threshold") == null ? d.threshold() : o.get("threshold").asDouble("threshold");
    int prefix = o.getPresent("prefix_padding_ms") == null ? d.prefixPaddingMs() : (int) o.get("prefix_padding_ms").asLong("prefix_padding_ms");
    int silence = o.getPresent("silence_duration_ms") == null
        ? (type.equals("semantic_vad") ? 500 : d.silenceDurationMs())
        : (int) o.get("silence_duration_ms").asLong("silence_duration_ms");
    boolean create = o.getPresent("create_response") == null || o.get("create_response").asBoolean("create_response");
    boolean interrupt = o.getPresent("interrupt_response") == null || o.get("interrupt_response").asBoolean("interrupt_response");
    String eagerness = o.getPresent("eagerness") == null ? null : o.get("eagerness").asString("eagerness");
    return new TurnDetection(type, threshold, prefix, silence, create, interrupt, eagerness);
  }

  private static List<String> strings(JsonValue v) {
    List<String> out = new ArrayList<>();
    for (JsonValue item : v.asArray("modalities").items()) out.add(item.asString("modality"));
    return List.copyOf(out);
  }

  private static JsonValue.Obj obj(JsonValue v) {
    return v instanceof JsonValue.Obj o ? o : null;
  }

  /** A value re-serialized as compact JSON, to echo it back. */
  static String raw(JsonValue v) {
    JsonWriter w = new JsonWriter();
    write(w, v);
    return w.toString();
  }

  private static void write(JsonWriter w, JsonValue v) {
    if (v instanceof JsonValue.Obj o) {
      w.beginObject();
      for (JsonValue.Member m : o.members()) {
        w.name(m.key());
        write(w, m.value());
      }
      w.endObject();
    } else if (v instanceof JsonValue.Arr a) {
      w.beginArray();
      for (JsonValue item : a.items()) write(w, item);
      w.endArray();
    } else if (v instanceof JsonValue.Str s) {
      w.value(s.value());
    } else if (v instanceof JsonValue.Num n) {
      w.rawValue(n.text());
    } else if (v instanceof JsonValue.Bool b) {
      w.value(b.value());
    } else {
      w.nullValue();
    }
  }

  /** The session object of {@code session.created} / {@code session.updated}. */
  void writeSession(JsonWriter w, boolean ga) {
    w.beginObject();
    if (ga) {
      w.field("type", "realtime").field("object", "realtime.session").field("id", id).field("model", model);
      w.name("output_modalities").beginArray();
      for (String m : outputModalities) w.value(m);
      w.endArray();
      w.field("instructions", instructions).name("tools").rawValue(tools).name("tool_choice").rawValue(toolChoice);
      w.name("max_output_tokens").rawValue(maxOutputTokens).name("tracing").nullValue().name("prompt").nullValue();
      w.field("expires_at", expiresAt);
      w.name("audio").beginObject().name("input").beginObject();
      writeFormat(w, inputFormat);
      w.name("transcription");
      if (transcriptionModel == null) w.nullValue();
      else w.beginObject().field("model", transcriptionModel).endObject();
      w.name("noise_reduction").nullValue();
      w.name("turn_detection");
      writeTurnDetection(w, true);
      w.endObject().name("output").beginObject();
      writeFormat(w, outputFormat);
      w.field("voice", voice).field("speed", speed).endObject().endObject();
      w.name("include").nullValue();
    } else {
      w.field("id", id).field("object", "realtime.session").field("model", model);
      w.name("modalities").beginArray().value("text");
      if (audioOut()) w.value("audio");
      w.endArray();
      w.field("instructions", instructions).field("voice", voice);
      w.field("input_audio_format", betaFormat(inputFormat)).field("output_audio_format", betaFormat(outputFormat));
      w.name("input_audio_transcription");
      if (transcriptionModel == null) w.nullValue();
      else w.beginObject().field("model", transcriptionModel).endObject();
      w.name("turn_detection");
      writeTurnDetection(w, false);
      w.name("tools").rawValue(tools).name("tool_choice").rawValue(toolChoice).field("temperature", temperature);
      w.name("max_response_output_tokens").rawValue(maxOutputTokens).field("expires_at", expiresAt);
    }
    w.endObject();
  }

  private static String betaFormat(String format) {
    return switch (format) {
      case "audio/pcmu" -> "g711_ulaw";
      case "audio/pcma" -> "g711_alaw";
      case "audio/pcm" -> "pcm16";
      default -> format;
    };
  }

  /** Writes the output audio {@code format} object, as a GA response echoes it. */
  void writeOutputFormat(JsonWriter w) {
    writeFormat(w, outputFormat);
  }

  /** The output format as the beta dialect spells it. */
  String betaOutputFormat() {
    return betaFormat(outputFormat);
  }

  private static void writeFormat(JsonWriter w, String type) {
    String ga = switch (type) {
      case "g711_ulaw" -> "audio/pcmu";
      case "g711_alaw" -> "audio/pcma";
      case "pcm16" -> "audio/pcm";
      default -> type;
    };
    w.name("format").beginObject().field("type", ga);
    if (ga.equals("audio/pcm")) w.field("rate", 24000);
    w.endObject();
  }

  private void writeTurnDetection(JsonWriter w, boolean ga) {
    TurnDetection d = turnDetection;
    if (d == null) {
      w.nullValue();
      return;
    }
    w.beginObject().field("type", d.type());
    if (d.type().equals("semantic_vad")) {
      w.field("eagerness", d.eagerness() == null ? "auto" : d.eagerness());
    } else {
      w.field("threshold", d.threshold()).field("prefix_padding_ms", d.prefixPaddingMs())
          .field("silence_duration_ms", d.silenceDurationMs());
      if (ga) w.name("idle_timeout_ms").nullValue();
    }
    w.field("create_response", d.createResponse()).field("interrupt_response", d.interruptResponse());
    w.endObject();
  }
}
