package dev.agentharness.room;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Posts webhooks to one URL as LiveKit's server does: {@code POST} with
 * {@code Content-Type: application/webhook+json}, {@code User-Agent: LiveKit} and {@code Authorization}
 * set to the bare JWT from a {@link WebhookSigner}, signed when it is sent.
 *
 * <p>{@link #accept} only queues, so it is safe to call on the clock's thread ({@code room.onWebhook(sender)}):
 * one background thread posts the events in order, each with a bounded timeout. Failures are never thrown;
 * they are collected in {@link #failures()}.
 */
public final class WebhookSender implements Consumer<WebhookEvent>, AutoCloseable {

  /** How long one POST may take, connecting included, unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** The outcome of one POST: the HTTP status, or the error when there was no response. */
  public record Delivery(WebhookEvent event, int status, String error) {
    /** A 2xx response. */
    public boolean ok() {
      return error == null && status >= 200 && status < 300;
    }

    @Override
    public String toString() {
      return event.event() + " " + event.id() + " → " + (error != null ? error : "HTTP " + status);
    }
  }

  private final URI url;
  private final WebhookSigner signer;
  private final Duration timeout;
  private final HttpClient client;
  private final ExecutorService worker;
  private final List<Delivery> deliveries = new ArrayList<>(); // guarded by this
  private int pending; // guarded by this
  private boolean closed; // guarded by this

  public WebhookSender(URI url, WebhookSigner signer) {
    this(url, signer, DEFAULT_TIMEOUT);
  }

  /** @param timeout how long one POST may take, connecting included */
  public WebhookSender(URI url, WebhookSigner signer, Duration timeout) {
    this.url = Objects.requireNonNull(url, "url");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "agentharness-webhook-sender");
      t.setDaemon(true);
      return t;
    });
  }

  /** Queues {@code event} for posting; returns at once. */
  @Override
  public void accept(WebhookEvent event) {
    Objects.requireNonNull(event, "event");
    synchronized (this) {
      if (closed) {
        deliveries.add(new Delivery(event, 0, "not sent: the sender is closed"));
        return;
      }
      pending++;
    }
    try {
      worker.execute(() -> post(event));
    } catch (RejectedExecutionException e) {
      done(new Delivery(event, 0, "not sent: the sender is closed"));
    }
  }

  /**
   * Waits until everything queued has been posted (or has failed).
   *
   * @return {@code false} if {@code timeout} passed first
   */
  public synchronized boolean awaitDelivered(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return false;
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Every POST so far, in order. */
  public synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** The POSTs that got no 2xx response. */
  public synchronized List<Delivery> failures() {
    return deliveries.stream().filter(d -> !d.ok()).toList();
  }

  /** Waits (bounded) for what is queued, then stops the sending thread. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    worker.shutdown();
    try {
      if (!worker.awaitTermination(timeout.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS)) worker.shutdownNow();
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void post(WebhookEvent event) {
    byte[] body = event.body().getBytes(StandardCharsets.UTF_8);
    Delivery d;
    try {
      HttpRequest request = HttpRequest.newBuilder(url)
          .timeout(timeout)
          .header("Content-Type", Webhooks.CONTENT_TYPE)
          .header("User-Agent", Webhooks.USER_AGENT)
          .header("Authorization", signer.sign(body))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build();
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      d = new Delivery(event, status, status >= 200 && status < 300 ? null : "HTTP " + status);
    } catch (IOException | RuntimeException e) {
      d = new Delivery(event, 0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      d = new Delivery(event, 0, "interrupted");
    }
    done(d);
  }

  private synchronized void done(Delivery d) {
    deliveries.add(d);
    pending--;
    notifyAll();
  }

  @Override
  public String toString() {
    return "WebhookSender[" + url + "]";
  }
}
