package dev.agentharness.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The 44-byte RIFF/WAVE header for PCM, as OpenAI speech's {@code wav} format sends it. */
public final class Wav {

  public static final int HEADER_SIZE = 44;

  private Wav() {}

  /**
   * A header for {@code dataBytes} of {@code format}. Streaming servers that do not know the length
   * write {@code 0xFFFFFFFF}; pass {@code -1} for that.
   */
  public static byte[] header(AudioFormat format, long dataBytes) {
    int data = dataBytes < 0 ? -1 : (int) dataBytes;
    int riff = dataBytes < 0 ? -1 : (int) (dataBytes + 36);
    ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(riff).put(new byte[] {'W', 'A', 'V', 'E'});
    b.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) format.channels());
    b.putInt(format.sampleRate()).putInt(format.bytesPerSecond()).putShort((short) format.frameSize());
    b.putShort((short) (format.bytesPerSample() * 8));
    b.put(new byte[] {'d', 'a', 't', 'a'}).putInt(data);
    return b.array();
  }
}
