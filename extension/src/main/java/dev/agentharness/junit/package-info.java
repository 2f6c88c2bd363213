/**
 * The JUnit Jupiter extension: {@link dev.agentharness.junit.AgentSession @AgentSession} on a test class,
 * or {@link dev.agentharness.junit.AgentSessionExtension#builder()} with {@code @RegisterExtension}. It
 * starts a simulated session or fake providers for each test, injects them, publishes the collected usage
 * as report entries and can fail tests whose usage does not match what the fakes billed. See
 * {@code docs/junit.md}.
 */
package dev.agentharness.junit;
