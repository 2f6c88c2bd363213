package dev.agentharness.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.clock.Link;
import java.io.IOException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class StreamingBodyTest {

  /** Counts units in flight, as the virtual clock does. */
  static final class CountingLink implements Link {
    long inFlight;

    public String id() {
      return "test";
    }

    public synchronized void sent(long units) {
      inFlight += units;
    }

    public synchronized void handled(long units) {
      inFlight -= units;
    }

    public boolean isOpen() {
      return true;
    }

    public void close() {}
  }

  @Test
  void eachWriteIsOneHttpChunkAndEndWritesTheLastChunk() throws IOException {
    StreamingBody body = new StreamingBody(Link.UNTRACKED, Duration.ofSeconds(5));
    body.write("data: hi\n\n");
    body.write(new byte[0]); // an empty chunk would end the body: skipped
    body.write(new byte[300]);
    body.end();
    Buffer sink = new Buffer();
    body.writeTo(sink);
    assertThat(sink.readUtf8Line()).isEqualTo("a");
    assertThat(sink.readUtf8(10)).isEqualTo("data: hi\n\n");
    assertThat(sink.readUtf8Line()).isEmpty();
    assertThat(sink.readUtf8Line()).isEqualTo("12c");
    sink.skip(300);
    assertThat(sink.readUtf8Line()).isEmpty();
    // MockWebServer adds the empty trailers and the final CRLF
    assertThat(sink.readUtf8()).isEqualTo("0\r\n");
  }

  @Test
  void attachToDeclaresChunkedTransferAndNoLength() {
    StreamingBody body = new StreamingBody(Link.UNTRACKED, Duration.ofSeconds(5));
    MockResponse r = body.attachTo(new MockResponse.Builder()).build();
    assertThat(r.getHeaders().get("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(r.getHeaders().get("Content-Length")).isNull();
  }

  @Test
  void whatIsNeverWrittenStopsCountingAsInFlight() {
    CountingLink link = new CountingLink();
    StreamingBody body = new StreamingBody(link, Duration.ofSeconds(5));
    body.write("a");
    body.cut();
    body.write("bb"); // queued behind the cut: never written
    assertThatThrownBy(() -> body.writeTo(new Buffer())).isInstanceOf(IOException.class);
    body.write("ccc"); // after the writer has gone
    // "a" reached the socket and the cut reached the client: both wait for the client, which releases them
    assertThat(link.inFlight).as("only what reached the socket, and the cut").isEqualTo(2);
  }

  @Test
  void theWriterGivesUpAfterTheIdleTimeout() {
    CountingLink link = new CountingLink();
    StreamingBody body = new StreamingBody(link, Duration.ofMillis(50));
    assertThatThrownBy(() -> body.writeTo(new Buffer())).isInstanceOf(IOException.class)
        .hasMessageContaining("no body chunk");
    body.write("late");
    assertThat(link.inFlight).isZero();
  }
}
