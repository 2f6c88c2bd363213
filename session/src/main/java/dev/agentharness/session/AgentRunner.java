package dev.agentharness.session;

import java.time.Instant;

/** Plays a scenario's turns with one kind of agent (realtime model, or STT-LLM-TTS pipeline). */
interface AgentRunner {

  /** Schedules the agent's start (connecting) at {@code at}. Called from a clock action or under a hold. */
  void start(Instant at);

  /** True once the last turn has played (or the conversation was cut short). */
  boolean finished();

  /** Where the conversation is, for a stall message: e.g. "waiting for the reply to turn 3 of 10". */
  String progress();

  /** Closes the agent's connections at once. Never throws. */
  void close();

  /**
   * Ends the conversation gracefully (an STT stream is closed so that its last usage is reported) and runs
   * {@code closed} once everything is closed. Never throws.
   */
  default void end(Runnable closed) {
    close();
    closed.run();
  }
}
