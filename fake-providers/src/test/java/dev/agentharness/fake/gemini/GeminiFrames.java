package dev.agentharness.fake.gemini;

import dev.agentharness.audio.Pcm;
import dev.agentharness.internal.json.JsonValue;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reading what the fake sent, for the tests. */
final class GeminiFrames {

  static final String NATIVE_MODEL = "gemini-2.5-flash-native-audio-preview-09-2025";
  static final String SETUP = "{\"model\":\"models/" + NATIVE_MODEL + "\",\"generationConfig\":{\"responseModalities\":"
      + "[\"AUDIO\"]},\"systemInstruction\":{\"parts\":[{\"text\":\"You are terse.\"}]},"
      + "\"inputAudioTranscription\":{},\"outputAudioTranscription\":{}}";
  static final String PLAIN_SETUP = "{\"model\":\"models/" + NATIVE_MODEL + "\"}";

  private GeminiFrames() {}

  /** 1 s of tone then 600 ms of silence at 16 kHz: one utterance the fake's activity detection ends. */
  static byte[] utterance() {
    return concat(Pcm.tone(16_000, 32_000), new byte[19_200]);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static JsonValue.Obj serverContent(LiveClient.Frame f) {
    return f.json().getPresent("serverContent") instanceof JsonValue.Obj o ? o : null;
  }

  /** Decoded bytes of every {@code inlineData} part. */
  static byte[] audio(List<LiveClient.Frame> frames) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (LiveClient.Frame f : frames) {
      for (JsonValue.Obj part : parts(f)) {
        if (part.getPresent("inlineData") instanceof JsonValue.Obj blob) {
          byte[] pcm = Base64.getDecoder().decode(blob.get("data").asString("data"));
          out.write(pcm, 0, pcm.length);
        }
      }
    }
    return out.toByteArray();
  }

  static List<JsonValue.Obj> parts(LiveClient.Frame f) {
    List<JsonValue.Obj> out = new ArrayList<>();
    JsonValue.Obj sc = serverContent(f);
    if (sc == null || !(sc.getPresent("modelTurn") instanceof JsonValue.Obj turn)) return out;
    for (JsonValue p : turn.get("parts").asArray("parts").items()) out.add(p.asObject("part"));
    return out;
  }

  /** The joined {@code modelTurn} text parts. */
  static String text(List<LiveClient.Frame> frames) {
    StringBuilder sb = new StringBuilder();
    for (LiveClient.Frame f : frames) {
      for (JsonValue.Obj part : parts(f)) {
        if (part.getPresent("text") instanceof JsonValue.Str s) sb.append(s.value());
      }
    }
    return sb.toString();
  }

  /** The joined {@code outputTranscription} texts. */
  static String transcript(List<LiveClient.Frame> frames) {
    StringBuilder sb = new StringBuilder();
    for (LiveClient.Frame f : frames) {
      JsonValue.Obj sc = serverContent(f);
      if (sc != null && sc.getPresent("outputTranscription") instanceof JsonValue.Obj t) {
        sb.append(t.get("text").asString("text"));
      }
    }
    return sb.toString();
  }

  /** A short name for each frame: {@code setupComplete}, {@code audio}, {@code outputTranscription}, ... */
  static List<String> kinds(List<LiveClient.Frame> frames) {
    List<String> out = new ArrayList<>();
    for (LiveClient.Frame f : frames) {
      JsonValue.Obj o = f.json();
      JsonValue.Obj sc = serverContent(f);
      if (sc == null) {
        out.add(o.members().get(0).key());
      } else if (sc.getPresent("modelTurn") != null) {
        out.add(parts(f).get(0).getPresent("inlineData") != null ? "audio" : "text");
      } else {
        out.add(sc.members().get(0).key());
      }
    }
    return out;
  }

  /** The {@code usageMetadata} of the last frame that carries one. */
  static JsonValue.Obj usage(List<LiveClient.Frame> frames) {
    for (int i = frames.size() - 1; i >= 0; i--) {
      if (frames.get(i).json().getPresent("usageMetadata") instanceof JsonValue.Obj u) return u;
    }
    return null;
  }

  static long count(JsonValue.Obj usage, String field) {
    return usage.getPresent(field) == null ? 0 : usage.get(field).asLong(field);
  }

  /** {@code [{"modality":..,"tokenCount":..}]} as {@code "TEXT=4,AUDIO=52"}. */
  static String details(JsonValue.Obj usage, String field) {
    if (!(usage.getPresent(field) instanceof JsonValue.Arr arr)) return "";
    List<String> out = new ArrayList<>();
    for (JsonValue v : arr.items()) {
      JsonValue.Obj e = v.asObject("entry");
      out.add(e.get("modality").asString("m") + "=" + count(e, "tokenCount"));
    }
    return String.join(",", out);
  }
}
