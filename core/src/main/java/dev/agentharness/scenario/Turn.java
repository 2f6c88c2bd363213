package dev.agentharness.scenario;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One exchange: after {@code pause} of silence the user speaks (unless {@code user} is null: an
 * agent-initiated reply such as a greeting), then the model replies.
 */
public record Turn(UserSpeech user, Duration pause, Reply reply) {

  public static final Duration DEFAULT_PAUSE = Duration.ofMillis(500);

  public Turn {
    if (pause == null) pause = DEFAULT_PAUSE;
    if (pause.isNegative()) throw new IllegalArgumentException("pause must not be negative: " + pause);
    Objects.requireNonNull(reply, "reply");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Turn}. By default the user says {@value UserSpeech#DEFAULT_TEXT} and the reply is the default. */
  public static final class Builder {
    private UserSpeech user = new UserSpeech(null, null);
    private Duration pause;
    private Reply reply = Reply.defaults();

    private Builder() {}

    public Builder user(String text) {
      user = new UserSpeech(text, null);
      return this;
    }

    public Builder user(Duration audio) {
      user = new UserSpeech(null, audio);
      return this;
    }

    public Builder user(String text, Duration audio) {
      user = new UserSpeech(text, audio);
      return this;
    }

    /** The agent speaks first, with no user input (e.g. a greeting). */
    public Builder noUser() {
      user = null;
      return this;
    }

    public Builder pause(Duration pause) {
      this.pause = pause;
      return this;
    }

    public Builder reply(Reply reply) {
      this.reply = Objects.requireNonNull(reply, "reply");
      return this;
    }

    public Builder reply(UnaryOperator<Reply.Builder> spec) {
      return reply(spec.apply(Reply.reply()).build());
    }

    public Turn build() {
      return new Turn(user, pause, reply);
    }
  }
}
