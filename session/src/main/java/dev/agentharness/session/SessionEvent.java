package dev.agentharness.session;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.room.CloseReason;
import dev.agentharness.room.DisconnectReason;
import dev.agentharness.room.Participant;
import dev.agentharness.usage.AgentSessionUsage;
import java.time.Instant;

/**
 * The events of a session, named as LiveKit's {@code AgentSession} emits them. Every event carries
 * {@code createdAt}, the session clock's time when it was emitted.
 */
public sealed interface SessionEvent {

  /** LiveKit's event name, e.g. {@code metrics_collected}. */
  String type();

  Instant createdAt();

  /** A metric from one of the clients ({@code metrics_collected}). */
  record MetricsCollected(AgentMetrics metrics, Instant createdAt) implements SessionEvent {
    public String type() {
      return "metrics_collected";
    }
  }

  /** The cumulative usage after a metric ({@code session_usage_updated}). */
  record SessionUsageUpdated(AgentSessionUsage usage, Instant createdAt) implements SessionEvent {
    public String type() {
      return "session_usage_updated";
    }
  }

  record AgentStateChanged(AgentState oldState, AgentState newState, Instant createdAt) implements SessionEvent {
    public String type() {
      return "agent_state_changed";
    }
  }

  record UserStateChanged(UserState oldState, UserState newState, Instant createdAt) implements SessionEvent {
    public String type() {
      return "user_state_changed";
    }
  }

  /** A participant joined the room (the agent too: its kind is {@code AGENT}). */
  record ParticipantJoined(Participant participant, Instant createdAt) implements SessionEvent {
    public String type() {
      return "participant_joined";
    }
  }

  /** A participant left the room. */
  record ParticipantLeft(Participant participant, DisconnectReason reason, Instant createdAt) implements SessionEvent {
    public String type() {
      return "participant_left";
    }
  }

  /** A message added to the conversation; {@code role} is {@code user} or {@code assistant}. */
  record ConversationItemAdded(String role, String text, boolean interrupted, Instant createdAt) implements SessionEvent {
    public String type() {
      return "conversation_item_added";
    }
  }

  /** A provider or client failure; {@code source} names the client, e.g. {@code openai-realtime}. */
  record Error(String source, RuntimeException error, Instant createdAt) implements SessionEvent {
    public String type() {
      return "error";
    }
  }

  /** The session ended. {@code error} is set when it closed because of one. */
  record Close(CloseReason reason, RuntimeException error, Instant createdAt) implements SessionEvent {
    public String type() {
      return "close";
    }
  }
}
