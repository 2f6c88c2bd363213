package dev.agentharness.audio;

/**
 * PCM the fakes send: silence, or a tone standing in for speech. A 16-bit tone at 400 Hz fits a whole
 * number of periods into every 10 ms at 8, 16, 24 and 48 kHz, so chunks of any 10 ms multiple are
 * identical and can be encoded once.
 */
public final class Pcm {

  /** The tone's frequency. */
  public static final int TONE_HZ = 400;
  private static final double AMPLITUDE = 3000;

  private Pcm() {}

  /** {@code bytes} of silence. */
  public static byte[] silence(int bytes) {
    return new byte[bytes];
  }

  /**
   * {@code bytes} of a 400 Hz tone in 16-bit little-endian mono at {@code sampleRate} (an odd byte count
   * is padded with a zero byte). One period is computed and copied, so long tones are cheap.
   */
  public static byte[] tone(int sampleRate, int bytes) {
    int samplesPerPeriod = sampleRate % TONE_HZ == 0 ? sampleRate / TONE_HZ : 0;
    byte[] out = new byte[bytes];
    int filled = samplesPerPeriod == 0 ? bytes - (bytes % 2) : Math.min(bytes - (bytes % 2), samplesPerPeriod * 2);
    for (int i = 0; i + 1 < filled; i += 2) {
      int sample = i / 2;
      short v = (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * TONE_HZ * sample / sampleRate));
      out[i] = (byte) v;
      out[i + 1] = (byte) (v >> 8);
    }
    // the period repeats exactly: double the filled prefix until the buffer is full
    int even = bytes - (bytes % 2);
    while (filled < even) {
      int n = Math.min(filled, even - filled);
      System.arraycopy(out, 0, out, filled, n);
      filled += n;
    }
    return out;
  }

  /** True if any 16-bit little-endian sample in {@code pcm[from, to)} is louder than {@code threshold}. */
  public static boolean isLoud(byte[] pcm, int from, int to, int threshold) {
    for (int i = from; i + 1 < to; i += 2) {
      int v = (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
      if (v > threshold || v < -threshold) return true;
    }
    return false;
  }
}
