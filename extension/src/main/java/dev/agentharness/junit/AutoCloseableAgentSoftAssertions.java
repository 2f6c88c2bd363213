package dev.agentharness.junit;

import org.assertj.core.api.AutoCloseableSoftAssertionsProvider;

/**
 * {@link AgentSoftAssertions} for try-with-resources: closing calls {@link #assertAll()}.
 *
 * <pre>{@code
 * try (var softly = new AutoCloseableAgentSoftAssertions()) {
 *   softly.assertThat(session).usageMatchesLedger();
 *   softly.assertThat(session).hasNoErrors();
 * }
 * }</pre>
 */
public class AutoCloseableAgentSoftAssertions extends AgentSoftAssertions
    implements AutoCloseableSoftAssertionsProvider {

  public AutoCloseableAgentSoftAssertions() {}
}
