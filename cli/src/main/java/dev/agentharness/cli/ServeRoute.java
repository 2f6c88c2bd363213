package dev.agentharness.cli;

import dev.agentharness.clock.Link;
import dev.agentharness.fake.FakeProvider;
import dev.agentharness.fake.FakeServer;
import dev.agentharness.fake.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The one route through which {@code serve} reaches its fakes: new requests go to the fakes of the current
 * scenario; connections already open stay with the fakes they started on until they end.
 */
final class ServeRoute implements Route {

  private final List<ServeFakes> retired = new ArrayList<>(); // guarded by this
  private volatile ServeFakes current;
  private boolean closed; // guarded by this

  ServeRoute(ServeFakes first) {
    this.current = Objects.requireNonNull(first, "first");
  }

  ServeFakes current() {
    return current;
  }

  /** Puts the fakes of a new scenario in place; the old ones keep their open connections. */
  void replace(ServeFakes next) {
    synchronized (this) {
      if (closed) {
        next.close();
        throw new IllegalStateException("the server is closing");
      }
      retired.add(current);
      current = next;
    }
  }

  @Override
  public String describe() {
    return current.all().stream().map(FakeProvider::describe).collect(Collectors.joining("; "));
  }

  @Override
  public boolean matches(RecordedRequest request) {
    for (FakeProvider f : current.all()) {
      if (f.matches(request)) return true;
    }
    return false;
  }

  @Override
  public void mounted(FakeServer server) {}

  @Override
  public MockResponse dispatch(RecordedRequest request, Link link) throws InterruptedException {
    for (FakeProvider f : current.all()) {
      if (f.matches(request)) return f.dispatch(request, link);
    }
    throw new IllegalStateException("no fake matches " + request.getMethod() + " " + request.getTarget());
  }

  @Override
  public void close() {
    List<ServeFakes> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(retired);
      all.add(current);
    }
    for (ServeFakes f : all) f.close();
  }
}
