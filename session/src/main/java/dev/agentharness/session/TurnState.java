package dev.agentharness.session;

/**
 * Where a conversation is: which turn's reply is awaited, and whether the user barges in on it. Shared by
 * the agents so that a reply that ends after the user has barged in is never taken for the reply to the
 * turn the user started by barging in. Thread-safe.
 */
final class TurnState {

  /** What to do when a reply ends. */
  enum Outcome {
    /** The reply of an earlier turn, cut short by a barge-in: record it, nothing else. */
    STALE,
    /** The user will barge in on this reply: the barge-in starts the next turn. */
    AWAIT_BARGE_IN,
    /** Play it out, then start the next turn. */
    ADVANCE
  }

  private final int turns;
  private int turn = -1;
  private boolean replyDone;
  private boolean bargeInScheduled;
  private int staleReplies;
  private boolean finished;

  TurnState(int turns) {
    this.turns = turns;
  }

  synchronized int current() {
    return turn;
  }

  synchronized boolean started() {
    return turn >= 0;
  }

  /** Starts turn {@code i}; false once every turn has played (the conversation is over). */
  synchronized boolean begin(int i) {
    turn = i;
    replyDone = false;
    bargeInScheduled = false;
    if (i >= turns) finished = true;
    return !finished;
  }

  /**
   * The user is going to barge in on the current reply: returns the turn that will start, or -1 if there
   * is none (the last turn) or one is already scheduled.
   */
  synchronized int scheduleBargeIn() {
    if (bargeInScheduled || turn + 1 >= turns) return -1;
    bargeInScheduled = true;
    return turn + 1;
  }

  /** The user barged in: turn {@code next} starts; a reply still under way is now stale. */
  synchronized void bargedIn(int next) {
    if (!replyDone) staleReplies++;
    turn = next;
    replyDone = false;
    bargeInScheduled = false;
  }

  /** A reply ended (a tool-call step is not a reply end). */
  synchronized Outcome replyDone() {
    if (staleReplies > 0) {
      staleReplies--;
      return Outcome.STALE;
    }
    replyDone = true;
    return bargeInScheduled ? Outcome.AWAIT_BARGE_IN : Outcome.ADVANCE;
  }

  synchronized void finish() {
    finished = true;
  }

  synchronized boolean finished() {
    return finished;
  }

  synchronized String progress() {
    return "turn " + (turn + 1) + " of " + turns;
  }
}
