package dev.agentharness.junit;

import dev.agentharness.room.StandingTime;
import dev.agentharness.room.StandingTime.AgentStanding;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Assertions on how long agents stood in the room ({@link StandingTime}): the sum over agents, each agent
 * identity, whether they left, and the session's own {@code close − started_at}.
 *
 * <pre>{@code
 * assertThat(session.standingTime()).isBetween(ofSeconds(5), ofSeconds(8)).agentLeft("agent");
 * assertThat(session.standingTime()).agent("agent").isAtMost(ofSeconds(30));
 * assertThat(session).standingTime().agentLeft();   // "... but \"agent\" is still present ..."
 * }</pre>
 *
 * <p>A duration bound alone does not catch an agent that never leaves: measured when the session ends, its
 * open presence still looks short. Pair the bound with {@link #agentLeft()}.
 */
public class StandingTimeAssert extends AbstractAssert<StandingTimeAssert, StandingTime> {

  private static final String NEVER_LEFT = "Likely cause: nothing disconnects the agent when the conversation"
      + " ends (no room disconnect or job shutdown), so LiveKit keeps counting its minutes";

  /** Set inside {@link AgentSoftAssertions}: navigation then returns soft proxies. */
  SoftAssertionsProvider softly;

  public StandingTimeAssert(StandingTime actual) {
    super(actual, StandingTimeAssert.class);
  }

  /** The agents' standing time, summed over identities, is within {@code [min, max]}, both inclusive. */
  public StandingTimeAssert isBetween(Duration min, Duration max) {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (min.compareTo(max) > 0) throw new IllegalArgumentException("min " + min + " is after max " + max);
    return within(min, max);
  }

  /** The agents' standing time, summed over identities, is at most {@code max} (inclusive). */
  public StandingTimeAssert isAtMost(Duration max) {
    return within(null, Objects.requireNonNull(max, "max"));
  }

  /** The agents' standing time, summed over identities, is at least {@code min} (inclusive). */
  public StandingTimeAssert isAtLeast(Duration min) {
    return within(Objects.requireNonNull(min, "min"), null);
  }

  /** No agent is still present: every agent that joined the room has left it. */
  public StandingTimeAssert agentLeft() {
    isNotNull();
    List<AgentStanding> present = actual.agents().values().stream().filter(AgentStanding::stillPresent).toList();
    if (present.isEmpty()) return myself;
    String who = present.stream().map(a -> Texts.quoted(a.identity())).collect(Collectors.joining(", "));
    throw failure("%s", "Expected every agent to have left the room, but " + who
        + (present.size() == 1 ? " is" : " are") + " still present at " + actual.at() + ":\n"
        + listing(present) + NEVER_LEFT);
  }

  /** The agent of this identity joined the room and has left it. */
  public StandingTimeAssert agentLeft(String identity) {
    AgentStanding a = standing(identity, "to have left the room");
    if (!a.stillPresent()) return myself;
    throw failure("%s", "Expected agent " + Texts.quoted(identity) + " to have left the room, but it is still"
        + " present at " + actual.at() + ":\n" + listing(List.of(a)) + NEVER_LEFT);
  }

  /** The agent of this identity joined the room and had not left it at {@link StandingTime#at()}. */
  public StandingTimeAssert agentStillPresent(String identity) {
    AgentStanding a = standing(identity, "to be still present");
    if (a.stillPresent()) return myself;
    throw failure("%s", "Expected agent " + Texts.quoted(identity) + " to be still present at " + actual.at()
        + ", but it left:\n" + listing(List.of(a)).stripTrailing());
  }

  /**
   * The standing time of one agent identity, described as {@code standing time of "agent"} (and
   * {@code still present} when it is). Fails if no agent of that identity joined.
   */
  public AgentDurationAssert agent(String identity) {
    Objects.requireNonNull(identity, "identity");
    if (softly == null) isNotNull();
    AgentStanding a = null;
    if (actual != null) {
      a = actual.agents().get(identity);
      if (a == null) Navigation.report(softly, failure("%s", noSuchAgent(identity, "in the room")));
    }
    String description = "standing time of " + Texts.quoted(identity)
        + (a != null && a.stillPresent() ? " (still present)" : "");
    return Navigation.child(softly, AgentDurationAssert.class, Duration.class, a == null ? null : a.total(),
        AgentDurationAssert::new).as(description);
  }

  /**
   * LiveKit's session duration, {@code close − started_at}. Fails if the agent session has not closed (or
   * its start is unknown).
   */
  public AgentDurationAssert sessionDuration() {
    if (softly == null) isNotNull();
    Duration d = actual == null ? null : actual.sessionDuration().orElse(null);
    if (actual != null && d == null) {
      Navigation.report(softly, failure("%s", "Expected a session duration (close − started_at), but the agent"
          + " session " + (actual.sessionStartedAt().isEmpty() ? "never started" : "had not closed at " + actual.at())));
    }
    return Navigation.child(softly, AgentDurationAssert.class, Duration.class, d, AgentDurationAssert::new)
        .as("session duration (close − started_at)");
  }

  // ------------------------------------------------------------------------------------------ helpers

  private StandingTimeAssert within(Duration min, Duration max) {
    isNotNull();
    String miss = AgentDurationAssert.miss(actual.total(), min, max);
    if (miss == null) return myself;
    boolean growing = actual.agentStillPresent() && max != null && actual.total().compareTo(max) > 0;
    String message = "Expected the agents' standing time to be " + AgentDurationAssert.bound(min, max)
        + ", but it was " + miss + ":\n" + listing(List.copyOf(actual.agents().values()))
        + (growing ? "An agent still present keeps adding to it until it leaves" : "");
    throw failure("%s", message.stripTrailing());
  }

  private AgentStanding standing(String identity, String expectation) {
    Objects.requireNonNull(identity, "identity");
    isNotNull();
    AgentStanding a = actual.agents().get(identity);
    if (a == null) throw failure("%s", noSuchAgent(identity, expectation));
    return a;
  }

  private String noSuchAgent(String identity, String expectation) {
    return "Expected agent " + Texts.quoted(identity) + " " + expectation + ", but no agent of that identity"
        + " joined; agents: " + (actual.agents().isEmpty() ? "none" : actual.agents().keySet());
  }

  private static String listing(List<AgentStanding> agents) {
    if (agents.isEmpty()) return "  (no agent joined the room)\n";
    StringBuilder sb = new StringBuilder();
    for (AgentStanding a : agents) sb.append("  ").append(a).append('\n');
    return sb.toString();
  }
}
