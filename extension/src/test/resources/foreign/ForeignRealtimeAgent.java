import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * An agent outside the test's JVM, standing in for a Python or Node agent: it reads OPENAI_BASE_URL and
 * OPENAI_API_KEY as OpenAI's SDKs do, speaks one turn to the Realtime API with the JDK's own WebSocket
 * client, and prints the response.done event. Run as a single-file program: java ForeignRealtimeAgent.java
 */
public class ForeignRealtimeAgent {
  public static void main(String[] args) throws Exception {
    String base = System.getenv("OPENAI_BASE_URL");
    String key = System.getenv("OPENAI_API_KEY");
    URI uri = URI.create(base.replaceFirst("^http", "ws") + "/realtime?model=gpt-realtime");
    CompletableFuture<String> done = new CompletableFuture<>();
    StringBuilder frame = new StringBuilder();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Authorization", "Bearer " + key)
        .buildAsync(uri, new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
              String event = frame.toString();
              frame.setLength(0);
              if (event.contains("\"type\":\"response.done\"")) done.complete(event);
            }
            socket.request(1);
            return null;
          }

          @Override
          public void onError(WebSocket socket, Throwable error) {
            done.completeExceptionally(error);
          }
        }).get(10, TimeUnit.SECONDS);
    ws.sendText(append(tone(48000)), true).get(10, TimeUnit.SECONDS); // 1 s of speech at 24 kHz
    ws.sendText(append(new byte[24000]), true).get(10, TimeUnit.SECONDS); // 500 ms of silence ends the turn
    System.out.println(done.get(30, TimeUnit.SECONDS));
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
  }

  private static String append(byte[] pcm) {
    return "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(pcm) + "\"}";
  }

  /** 16-bit little-endian 400 Hz tone at 24 kHz. */
  private static byte[] tone(int bytes) {
    byte[] out = new byte[bytes];
    for (int i = 0; i + 1 < bytes; i += 2) {
      short v = (short) Math.round(3000 * Math.sin(2 * Math.PI * 400 * (i / 2) / 24000.0));
      out[i] = (byte) v;
      out[i + 1] = (byte) (v >> 8);
    }
    return out;
  }
}
