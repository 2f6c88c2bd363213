package dev.agentharness.fake.elevenlabs;

import dev.agentharness.audio.AudioFormat;
import java.util.List;

/** ElevenLabs' {@code output_format} names, and the uncompressed ones the fake serves. */
final class OutputFormats {

  /** Every name the API accepts. */
  static final List<String> KNOWN = List.of("mp3_22050_32", "mp3_44100_32", "mp3_44100_64", "mp3_44100_96",
      "mp3_44100_128", "mp3_44100_192", "pcm_8000", "pcm_16000", "pcm_22050", "pcm_24000", "pcm_44100", "pcm_48000",
      "ulaw_8000", "alaw_8000", "opus_48000_32", "opus_48000_64", "opus_48000_96", "opus_48000_128", "opus_48000_192");

  /** The formats the fake serves: uncompressed, so that durations come from byte counts exactly. */
  static final List<String> SERVED = List.of("pcm_8000", "pcm_16000", "pcm_22050", "pcm_24000", "pcm_44100",
      "pcm_48000", "ulaw_8000", "alaw_8000");

  /** The HTTP endpoint's default. */
  static final String HTTP_DEFAULT = "mp3_44100_128";

  private OutputFormats() {}

  /** The audio format of a served name, or {@code null}. */
  static AudioFormat served(String name) {
    if (name == null || !SERVED.contains(name)) return null;
    if (name.equals("ulaw_8000")) return AudioFormat.ULAW_8K;
    if (name.equals("alaw_8000")) return AudioFormat.ALAW_8K;
    return AudioFormat.pcm16(Integer.parseInt(name.substring("pcm_".length())));
  }

  static String contentType(String name) {
    if (name.startsWith("ulaw")) return "audio/basic";
    if (name.startsWith("alaw")) return "audio/alaw";
    return "audio/pcm";
  }

  /** Why {@code name} is refused, or {@code null} when it is served. */
  static String refusal(String name) {
    if (SERVED.contains(name)) return null;
    if (KNOWN.contains(name)) {
      return "agentharness: the fake ElevenLabs serves uncompressed audio only (" + String.join(", ", SERVED)
          + "), so that audio durations come from byte counts exactly; " + name + " is not served. "
          + "Ask for pcm_24000, for example.";
    }
    return "Input should be " + String.join(", ", KNOWN) + "; got '" + name + "'";
  }
}
