/**
 * Fake providers that speak the real wire protocols on loopback, emit scripted usage, and record what
 * they billed in a {@link dev.agentharness.ledger.Ledger}.
 *
 * <p>Every fake is a route on a {@link dev.agentharness.fake.FakeServer}: one MockWebServer bound to
 * 127.0.0.1 on an ephemeral port, with {@code TCP_NODELAY} on every accepted socket (MockWebServer
 * 5.5.1 leaves it off, and a burst of small frames then stalls ~44 ms on delayed ACKs). Each provider
 * has its own package.
 */
package dev.agentharness.fake;
