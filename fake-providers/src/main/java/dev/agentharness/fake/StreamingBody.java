package dev.agentharness.fake;

import dev.agentharness.clock.Link;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * A response body written as the fake's clock actions produce it: each {@link #write} happens at the
 * scripted instant, and the bytes count as in flight on the client's link until the client reads them.
 */
public final class StreamingBody implements MockResponseBody {

  private static final Object END = new Object();
  private static final Object CUT = new Object();

  private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
  private final Link link;
  private final long idleTimeoutNanos;

  /**
   * @param idleTimeout how long (real time) the writer waits for the next chunk before giving up
   */
  public StreamingBody(Link link, Duration idleTimeout) {
    this.link = link;
    this.idleTimeoutNanos = idleTimeout.toNanos();
  }

  /** Queues bytes to be written now. */
  public void write(byte[] data) {
    link.sent(data.length);
    chunks.add(data);
  }

  public void write(String text) {
    write(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Ends the body normally. */
  public void end() {
    chunks.add(END);
  }

  /** Ends the body by dropping the connection, as a server that dies mid-response does. */
  public void cut() {
    chunks.add(CUT);
  }

  @Override
  public long getContentLength() {
    return -1;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    while (true) {
      Object next;
      try {
        next = chunks.poll(idleTimeoutNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while streaming");
      }
      if (next == null) throw new IOException("agentharness: no body chunk for " + Duration.ofNanos(idleTimeoutNanos));
      if (next == END) return;
      if (next == CUT) throw new IOException("agentharness: connection cut by a scripted fault");
      sink.write((byte[]) next);
      sink.flush();
    }
  }
}
