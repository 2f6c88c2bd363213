package dev.agentharness.audio;

import java.time.Duration;

/**
 * An uncompressed audio format, so that durations come from byte counts exactly:
 * {@code duration = bytes / (sampleRate × channels × bytesPerSample)}.
 *
 * @param encoding {@code pcm_s16le}, {@code pcm_f32le}, {@code pcm_mulaw} or {@code pcm_alaw}
 */
public record AudioFormat(String encoding, int sampleRate, int channels, int bytesPerSample) {

  /** OpenAI Realtime, OpenAI speech {@code pcm}, Gemini Live output: 24 kHz 16-bit mono. */
  public static final AudioFormat PCM16_24K = pcm16(24_000);
  /** Gemini Live input, Deepgram's usual input: 16 kHz 16-bit mono. */
  public static final AudioFormat PCM16_16K = pcm16(16_000);
  /** G.711 µ-law, 8 kHz. */
  public static final AudioFormat ULAW_8K = new AudioFormat("pcm_mulaw", 8_000, 1, 1);
  /** G.711 A-law, 8 kHz. */
  public static final AudioFormat ALAW_8K = new AudioFormat("pcm_alaw", 8_000, 1, 1);

  public AudioFormat {
    if (sampleRate <= 0 || channels <= 0 || bytesPerSample <= 0) {
      throw new IllegalArgumentException("not an audio format: " + sampleRate + " Hz, " + channels + " ch, " + bytesPerSample + " B");
    }
  }

  /** 16-bit signed little-endian mono PCM at {@code sampleRate}. */
  public static AudioFormat pcm16(int sampleRate) {
    return new AudioFormat("pcm_s16le", sampleRate, 1, 2);
  }

  public int bytesPerSecond() {
    return sampleRate * channels * bytesPerSample;
  }

  /** Bytes in one frame: one sample of every channel. */
  public int frameSize() {
    return channels * bytesPerSample;
  }

  /** The exact duration of {@code bytes} of this audio (truncated to nanoseconds). */
  public Duration duration(long bytes) {
    long bps = bytesPerSecond();
    long seconds = bytes / bps;
    long rest = bytes % bps;
    return Duration.ofSeconds(seconds, rest * 1_000_000_000L / bps);
  }

  /** The number of bytes of whole frames that last {@code duration} (rounded down). */
  public long bytes(Duration duration) {
    long frames = (duration.getSeconds() * sampleRate) + (long) duration.getNano() * sampleRate / 1_000_000_000L;
    return frames * frameSize();
  }

  /** Decoded byte count of a base64 string, without decoding it. */
  public static long base64DecodedLength(String base64) {
    int n = base64.length();
    if (n == 0) return 0;
    int padding = base64.charAt(n - 1) == '=' ? (base64.charAt(n - 2) == '=' ? 2 : 1) : 0;
    return (long) n / 4 * 3 - padding;
  }
}
