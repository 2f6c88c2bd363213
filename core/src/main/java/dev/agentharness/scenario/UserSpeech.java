package dev.agentharness.scenario;

import java.time.Duration;

/**
 * What the user says in a turn.
 *
 * @param text the words (what an STT should transcribe)
 * @param audio how long the user speaks; {@code null} derives it from the text
 */
public record UserSpeech(String text, Duration audio) {

  public static final String DEFAULT_TEXT = "Hello.";

  public UserSpeech {
    if (text == null) text = DEFAULT_TEXT;
    if (audio != null && (audio.isNegative() || audio.isZero())) {
      throw new IllegalArgumentException("a user's speech must last longer than zero: " + audio);
    }
  }

  public static UserSpeech of(String text) {
    return new UserSpeech(text, null);
  }

  public static UserSpeech of(Duration audio) {
    return new UserSpeech(null, audio);
  }
}
