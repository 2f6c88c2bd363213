package dev.agentharness.junit;

import java.time.Duration;
import java.util.function.Function;
import org.assertj.core.api.Assert;
import org.assertj.core.api.DurationAssert;
import org.assertj.core.api.LongAssert;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Creates the assert a navigation method returns ({@code usage()}, {@code llmOutputAudioTokens()},
 * {@code ofType(..)}). Outside soft assertions it is a plain instance. Inside {@link AgentSoftAssertions}
 * it is a soft proxy made by the same provider, so that checks after a navigation are collected too:
 * AssertJ's own soft proxies only re-proxy the results of the navigation methods AssertJ knows by name
 * ({@code extracting}, {@code size}, ...). Not API.
 */
final class Navigation {

  private Navigation() {}

  /**
   * The child assert for {@code actual}: {@code plain.apply(actual)}, or a soft proxy of {@code type} when
   * {@code softly} is set ({@code type} then needs a public constructor taking exactly {@code actualType}).
   */
  static <A extends Assert<? extends A, ? extends T>, T> A child(
      SoftAssertionsProvider softly, Class<A> type, Class<T> actualType, T actual, Function<T, A> plain) {
    return softly == null ? plain.apply(actual) : softly.proxy(type, actualType, actual);
  }

  /**
   * A failure found while navigating: thrown, or collected when soft (the navigation then goes on to an
   * assert over {@code null}, whose own checks fail, instead of ending the soft block).
   */
  static void report(SoftAssertionsProvider softly, AssertionError error) {
    if (softly == null) throw error;
    softly.collectAssertionError(error);
  }

  /** A long assert described as {@code description}. */
  static LongAssert longAssert(SoftAssertionsProvider softly, Long value, String description) {
    return child(softly, LongAssert.class, Long.class, value, LongAssert::new).as(description);
  }

  /** A duration assert described as {@code description}. */
  static DurationAssert durationAssert(SoftAssertionsProvider softly, Duration value, String description) {
    return child(softly, DurationAssert.class, Duration.class, value, DurationAssert::new).as(description);
  }
}
