package dev.agentharness.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Splits a server-sent-events byte stream into the {@code data:} payload of each event. */
public final class SseParser {

  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final StringBuilder data = new StringBuilder();
  private final Consumer<String> events;

  public SseParser(Consumer<String> events) {
    this.events = events;
  }

  /** Feeds bytes; complete events are passed on as they end (at a blank line). */
  public void feed(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '\n') {
        lineEnded();
      } else if (b != '\r') {
        line.write(b);
      }
    }
  }

  /** The stream ended: an event not followed by a blank line is still passed on. */
  public void end() {
    if (line.size() > 0) lineEnded();
    dispatch();
  }

  private void lineEnded() {
    String l = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (l.isEmpty()) {
      dispatch();
    } else if (l.startsWith("data:")) {
      if (data.length() > 0) data.append('\n');
      data.append(l.startsWith("data: ") ? l.substring(6) : l.substring(5));
    }
    // comments (":") and other fields (event:, id:, retry:) carry nothing we use
  }

  private void dispatch() {
    if (data.length() == 0) return;
    String d = data.toString();
    data.setLength(0);
    events.accept(d);
  }
}
