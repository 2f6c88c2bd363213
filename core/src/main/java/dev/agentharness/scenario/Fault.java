package dev.agentharness.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault applied to a reply (or, in {@link Scenario#faults()}, at a time).
 *
 * @param target the provider it hits; defaults to the kind's first target
 * @param delay how late for {@link FaultKind#SLOW_FIRST_BYTE}, the {@code timeLeft} of
 *     {@link FaultKind#GO_AWAY}, or how far into the reply a mid-response fault strikes; may be null
 * @param code the close code for {@link FaultKind#CLOSE}; may be null
 * @param reason the close reason or error message; may be null
 * @param times how often for {@link FaultKind#USAGE_REPEATED}; may be null
 */
public record Fault(FaultKind kind, FaultKind.Target target, Duration delay, Integer code, String reason, Integer times) {

  public Fault {
    Objects.requireNonNull(kind, "kind");
    if (target == null) target = kind.defaultTarget();
    if (!kind.targets().contains(target)) {
      throw new IllegalArgumentException(kind.id() + " cannot hit the " + target.id() + "; it applies to "
          + kind.targets().stream().map(FaultKind.Target::id).collect(java.util.stream.Collectors.joining(", ")));
    }
  }

  public static Fault of(FaultKind kind) {
    return new Fault(kind, null, null, null, null, null);
  }

  public Fault on(FaultKind.Target target) {
    return new Fault(kind, target, delay, code, reason, times);
  }

  public Fault after(Duration delay) {
    return new Fault(kind, target, delay, code, reason, times);
  }

  public Fault withCode(int code, String reason) {
    return new Fault(kind, target, delay, code, reason, times);
  }

  public Fault times(int times) {
    return new Fault(kind, target, delay, code, reason, times);
  }
}
