package dev.agentharness.clock;

/** How a {@link SessionClock} keeps time. */
public enum ClockMode {
  /**
   * Virtual time: deterministic and instant. Every timing metric equals its scripted value and a
   * one-hour conversation takes well under a second. Needs clients that report what they handled (the
   * reference clients do); with other clients the fakes send as soon as the order allows.
   */
  VIRTUAL,
  /** Wall-clock time: the fakes really wait their scripted latencies. For clients the harness does not own. */
  REAL_TIME
}
