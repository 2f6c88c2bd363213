package dev.agentharness.fake;

import dev.agentharness.scenario.Reply;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The replies a fake plays, in order. When the script runs out the fake answers with the default
 * reply ({@link Reply#defaults()}), so a fake with no script still produces audio and usage.
 */
public final class ReplyScript {

  private final Deque<Reply> queue = new ArrayDeque<>();
  private Reply whenEmpty = Reply.defaults();
  private int played;

  /** Appends replies to play after the ones already scripted. */
  public synchronized void add(List<Reply> replies) {
    for (Reply r : replies) queue.add(Objects.requireNonNull(r, "reply"));
  }

  /** What to play once the script is exhausted. */
  public synchronized void whenEmpty(Reply reply) {
    whenEmpty = Objects.requireNonNull(reply, "reply");
  }

  /** Takes the next reply to play. */
  public synchronized Reply next() {
    played++;
    Reply r = queue.poll();
    return r != null ? r : whenEmpty;
  }

  /** Looks at the next reply without taking it. */
  public synchronized Reply peek() {
    Reply r = queue.peek();
    return r != null ? r : whenEmpty;
  }

  /** Replies scripted and not yet played. */
  public synchronized int remaining() {
    return queue.size();
  }

  /** Replies played so far (scripted or default). */
  public synchronized int played() {
    return played;
  }

  /** Forgets the scripted replies not yet played. */
  public synchronized void clear() {
    queue.clear();
  }
}
