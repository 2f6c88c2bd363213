package dev.agentharness.fake;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.audio.Pcm;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The audio a fake TTS speaks: {@link Pcm#tone a 400 Hz tone} in the client's format, so that a client
 * that checks for sound hears some. Encodes {@code pcm_s16le}, {@code pcm_f32le}, {@code pcm_mulaw} and
 * {@code pcm_alaw} (G.711 from the same 16-bit tone). Chunks are cached per size: make one per
 * connection (no static caches). Not thread-safe: use it under the connection's lock.
 */
public final class SpeechAudio {

  private final AudioFormat format;
  private final Map<Integer, byte[]> raw = new HashMap<>();
  private final Map<Integer, String> base64 = new HashMap<>();

  public SpeechAudio(AudioFormat format) {
    this.format = format;
    switch (format.encoding()) {
      case "pcm_s16le", "pcm_f32le", "pcm_mulaw", "pcm_alaw" -> { }
      default -> throw new IllegalArgumentException("cannot encode speech as " + format.encoding());
    }
  }

  public AudioFormat format() {
    return format;
  }

  /** {@code bytes} of speech (a whole number of frames is expected; a partial frame is padded). */
  public byte[] bytes(int bytes) {
    return raw.computeIfAbsent(bytes, this::encode);
  }

  /** The same audio, base64-encoded. */
  public String base64(int bytes) {
    return base64.computeIfAbsent(bytes, b -> Base64.getEncoder().encodeToString(bytes(b)));
  }

  private byte[] encode(int bytes) {
    int rate = format.sampleRate();
    switch (format.encoding()) {
      case "pcm_s16le":
        return Pcm.tone(rate, bytes);
      case "pcm_f32le": {
        byte[] s16 = Pcm.tone(rate, (bytes / 4 + 1) * 2);
        byte[] out = new byte[bytes];
        for (int i = 0; i + 3 < bytes; i += 4) {
          int bits = Float.floatToIntBits(sample(s16, i / 2) / 32768f);
          out[i] = (byte) bits;
          out[i + 1] = (byte) (bits >> 8);
          out[i + 2] = (byte) (bits >> 16);
          out[i + 3] = (byte) (bits >> 24);
        }
        return out;
      }
      default: {
        boolean mulaw = format.encoding().equals("pcm_mulaw");
        byte[] s16 = Pcm.tone(rate, bytes * 2);
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
          short s = sample(s16, i * 2);
          out[i] = mulaw ? mulaw(s) : alaw(s);
        }
        return out;
      }
    }
  }

  private static short sample(byte[] s16, int offset) {
    return (short) ((s16[offset] & 0xff) | (s16[offset + 1] << 8));
  }

  /** G.711 µ-law of one 16-bit sample (silence encodes as {@code 0xFF}). */
  static byte mulaw(short pcm) {
    int sample = pcm;
    int sign = 0;
    if (sample < 0) {
      sign = 0x80;
      sample = -sample;
    }
    if (sample > 32635) sample = 32635;
    sample += 0x84;
    int exponent = 7;
    for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1) exponent--;
    int mantissa = (sample >> (exponent + 3)) & 0x0F;
    return (byte) ~(sign | (exponent << 4) | mantissa);
  }

  /** G.711 A-law of one 16-bit sample (silence encodes as {@code 0xD5}). */
  static byte alaw(short pcm) {
    int value = pcm >> 3;
    int mask;
    if (value >= 0) {
      mask = 0xD5;
    } else {
      mask = 0x55;
      value = -value - 1;
    }
    int seg = 0;
    int end = 0x1F;
    while (seg < 8 && value > end) {
      seg++;
      end = (end << 1) | 1;
    }
    if (seg >= 8) return (byte) (0x7F ^ mask);
    int aval = seg << 4;
    aval |= seg < 2 ? (value >> 1) & 0x0F : (value >> seg) & 0x0F;
    return (byte) (aval ^ mask);
  }
}
