package dev.agentharness.scenario;

import java.time.Duration;
import java.util.Objects;

/** A fault that strikes at a time rather than in a reply, e.g. a session expiring at 30 s. */
public record TimedFault(Duration at, Fault fault) {
  public TimedFault {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(fault, "fault");
  }
}
