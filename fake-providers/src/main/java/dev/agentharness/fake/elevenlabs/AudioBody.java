package dev.agentharness.fake.elevenlabs;

import dev.agentharness.clock.Link;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * A chunked audio body written by clock actions, which reports how it ended: every byte the socket
 * took, and whether the client went away first (the provider still billed the request). MockWebServer
 * writes a body as it is, so this body does its own chunked framing (the response carries
 * {@code Transfer-Encoding: chunked}); only audio bytes count on the link.
 */
final class AudioBody implements MockResponseBody {

  /** How the body ended. */
  interface Outcome {
    /**
     * @param bytesWritten audio bytes the socket accepted
     * @param cut the body was cut by a scripted fault
     * @param failure the client went away (or the writer gave up), or {@code null} when it ended normally
     */
    void ended(long bytesWritten, boolean cut, IOException failure);
  }

  private static final Object END = new Object();
  private static final Object CUT = new Object();

  private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
  private final Link link;
  private final long idleTimeoutNanos;
  private final Outcome outcome;
  private long written;
  private boolean writerGone; // guarded by this

  AudioBody(Link link, Duration idleTimeout, Outcome outcome) {
    this.link = link;
    this.idleTimeoutNanos = idleTimeout.toNanos();
    this.outcome = outcome;
  }

  void write(byte[] data) {
    if (data.length == 0) return; // an empty chunk would end the body
    synchronized (this) {
      if (writerGone) return; // nothing more is delivered, so nothing more may count as in flight
      link.sent(data.length);
      chunks.add(data);
    }
  }

  /**
   * Ends the body normally. The end counts as one unit in flight (as in {@code StreamingBody}), so that time
   * waits until the client has handled the end of the body: its metric reads the instant of the last chunk.
   */
  void end() {
    synchronized (this) {
      if (writerGone) return;
      link.sent(1);
      chunks.add(END);
    }
  }

  /** Drops the connection mid-body, as a server that dies does. */
  void cut() {
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
        InterruptedIOException failure = new InterruptedIOException("interrupted while streaming");
        outcome.ended(written, false, failure);
        writerGone();
        throw failure;
      }
      if (next == null) {
        IOException failure =
            new IOException("agentharness: no audio chunk for " + Duration.ofNanos(idleTimeoutNanos));
        outcome.ended(written, false, failure);
        writerGone();
        closeQuietly(sink);
        throw failure;
      }
      if (next == END) {
        // billed before the last chunk goes out, so that a client that read the whole body finds the entry
        outcome.ended(written, false, null);
        // the last chunk; MockWebServer then writes the (empty) trailers and the final CRLF
        sink.writeUtf8("0\r\n");
        writerGone();
        return;
      }
      if (next == CUT) {
        IOException failure = new IOException("agentharness: connection cut by a scripted fault");
        outcome.ended(written, true, failure);
        writerGone();
        closeQuietly(sink); // closes the socket: MockWebServer alone would keep it open after the failure
        throw failure;
      }
      byte[] data = (byte[]) next;
      try {
        sink.writeUtf8(Long.toHexString(data.length)).writeUtf8("\r\n").write(data).writeUtf8("\r\n");
        sink.flush();
      } catch (IOException e) {
        outcome.ended(written, false, e);
        writerGone();
        closeQuietly(sink);
        throw e;
      }
      written += data.length;
    }
  }

  /** Bytes queued but never written will never be read: they no longer count as in flight. */
  private synchronized void writerGone() {
    writerGone = true;
    long undelivered = 0;
    for (Object o; (o = chunks.poll()) != null; ) {
      if (o instanceof byte[] b) undelivered += b.length;
      else if (o == END) undelivered += 1;
    }
    if (undelivered > 0) link.handled(undelivered);
  }

  private static void closeQuietly(BufferedSink sink) {
    try {
      sink.close();
    } catch (IOException ignored) {
      // the connection is going away either way
    }
  }
}
