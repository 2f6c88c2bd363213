package dev.agentharness.fake;

import dev.agentharness.clock.Link;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * A response body written as the fake's clock actions produce it: each {@link #write} happens at the
 * scripted instant, and the bytes count as in flight on the client's link until the client reads them.
 *
 * <p>The body goes out with {@code Transfer-Encoding: chunked}, one HTTP chunk per {@link #write}:
 * attach it with {@link #attachTo}. MockWebServer writes a body's bytes to the socket as they are (it
 * frames nothing itself), and for a body of unknown length it would send {@code Content-Length: -1},
 * which leaves a client reading until the connection closes; so this class does the chunk framing and
 * {@code attachTo} sets the headers. (HTTP/1.1 only, which is all a {@link FakeServer} speaks.)
 */
public final class StreamingBody implements MockResponseBody {

  private static final Object END = new Object();
  private static final Object CUT = new Object();

  private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
  private final Link link;
  private final long idleTimeoutNanos;
  private boolean writerGone; // guarded by this
  private volatile WriterGone onWriterGone = (written, how) -> {};

  /** How the writer finished. */
  public enum Ending {
    /** {@link #end()} was reached; told before the last chunk is written, so a bill can precede the end. */
    ENDED,
    /** {@link #cut()} was reached. */
    CUT,
    /** The client went away mid-body: the socket refused a write. */
    CLIENT_LEFT,
    /** Nothing was queued within the idle timeout. */
    TIMED_OUT
  }

  /** Told once, on the writer thread, how the writer finished. */
  @FunctionalInterface
  public interface WriterGone {
    /** @param written how many {@link #write}s reached the socket */
    void gone(int written, Ending how);
  }

  /**
   * @param idleTimeout how long (real time) the writer waits for the next chunk before giving up
   */
  public StreamingBody(Link link, Duration idleTimeout) {
    this.link = link;
    this.idleTimeoutNanos = idleTimeout.toNanos();
  }

  /**
   * Sets this body on {@code response} with {@code Transfer-Encoding: chunked} and no
   * {@code Content-Length}.
   */
  public MockResponse.Builder attachTo(MockResponse.Builder response) {
    return response.body(this).removeHeader("Content-Length").setHeader("Transfer-Encoding", "chunked");
  }

  /**
   * Tells {@code listener} how the writer finished and how many writes reached the socket, for instance to
   * bill only what reached a client that hung up.
   */
  public StreamingBody onWriterGone(WriterGone listener) {
    this.onWriterGone = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** Queues bytes to be written now; empty writes are skipped (an empty chunk would end the body). */
  public void write(byte[] data) {
    if (data.length == 0) return;
    synchronized (this) {
      // once the writer has gone (body ended, cut, or the client went away) nothing more is delivered,
      // so nothing more may count as in flight
      if (writerGone) return;
      link.sent(data.length);
      chunks.add(data);
    }
  }

  public void write(String text) {
    write(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Ends the body normally. The end counts as one unit in flight, so that time waits until the client
   * has handled the end of the body (a metric is usually emitted then).
   */
  public void end() {
    synchronized (this) {
      if (writerGone) return;
      link.sent(1);
      chunks.add(END);
    }
  }

  /**
   * Ends the body by dropping the connection, as a server that dies mid-response does. The cut counts as
   * one unit in flight, so that time waits until the client has handled the failure.
   */
  public void cut() {
    synchronized (this) {
      if (writerGone) return;
      link.sent(1);
      chunks.add(CUT);
    }
  }

  @Override
  public long getContentLength() {
    return -1;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    int written = 0;
    Ending how = Ending.CLIENT_LEFT;
    try {
      while (true) {
        Object next;
        try {
          next = chunks.poll(idleTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while streaming");
        }
        if (next == null) {
          how = Ending.TIMED_OUT;
          throw new IOException("agentharness: no body chunk for " + Duration.ofNanos(idleTimeoutNanos));
        }
        if (next == END) {
          how = null;
          onWriterGone.gone(written, Ending.ENDED);
          // the last chunk; MockWebServer then writes the (empty) trailers and the final CRLF
          sink.writeUtf8("0\r\n");
          return;
        }
        if (next == CUT) {
          how = Ending.CUT;
          throw new IOException("agentharness: connection cut by a scripted fault");
        }
        byte[] data = (byte[]) next;
        sink.writeHexadecimalUnsignedLong(data.length).writeUtf8("\r\n").write(data).writeUtf8("\r\n");
        sink.flush();
        written++;
      }
    } catch (IOException e) {
      // MockWebServer logs a failed response but leaves the socket open: the client would wait for more
      // until its read timeout. Closing the sink closes the socket, so the client sees the body break off.
      try {
        sink.close();
      } catch (IOException ignored) {
        // already broken
      }
      throw e;
    } finally {
      writerGone();
      if (how != null) onWriterGone.gone(written, how);
    }
  }

  /** Bytes queued but never written will never be read: they no longer count as in flight. */
  private synchronized void writerGone() {
    writerGone = true;
    long undelivered = 0;
    for (Object o; (o = chunks.poll()) != null; ) {
      if (o instanceof byte[] b) undelivered += b.length;
      else if (o == END || o == CUT) undelivered += 1;
    }
    if (undelivered > 0) link.handled(undelivered);
  }
}
