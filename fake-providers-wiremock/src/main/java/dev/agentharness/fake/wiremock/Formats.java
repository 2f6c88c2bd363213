package dev.agentharness.fake.wiremock;

import dev.agentharness.audio.AudioFormat;
import java.util.List;

/** ElevenLabs' {@code output_format} names, as the fake ElevenLabs serves them. */
final class Formats {

  /** Every name ElevenLabs accepts. */
  static final List<String> KNOWN = List.of("mp3_22050_32", "mp3_44100_32", "mp3_44100_64", "mp3_44100_96",
      "mp3_44100_128", "mp3_44100_192", "pcm_8000", "pcm_16000", "pcm_22050", "pcm_24000", "pcm_44100", "pcm_48000",
      "ulaw_8000", "alaw_8000", "opus_48000_32", "opus_48000_64", "opus_48000_96", "opus_48000_128", "opus_48000_192");

  /** The uncompressed ones the fake serves. */
  static final List<String> SERVED = List.of("pcm_8000", "pcm_16000", "pcm_22050", "pcm_24000", "pcm_44100",
      "pcm_48000", "ulaw_8000", "alaw_8000");

  /** The HTTP endpoint's default, refused: the fake cannot encode mp3. */
  static final String HTTP_DEFAULT = "mp3_44100_128";

  private Formats() {}

  static AudioFormat audio(String name) {
    if (!SERVED.contains(name)) throw new IllegalArgumentException("not a served output_format: " + name);
    if (name.equals("ulaw_8000")) return AudioFormat.ULAW_8K;
    if (name.equals("alaw_8000")) return AudioFormat.ALAW_8K;
    return AudioFormat.pcm16(Integer.parseInt(name.substring("pcm_".length())));
  }

  static String contentType(String name) {
    if (name.startsWith("ulaw")) return "audio/basic";
    if (name.startsWith("alaw")) return "audio/alaw";
    return "audio/pcm";
  }
}
