/**
 * A Cartesia text-to-speech WebSocket client that measures as LiveKit's Cartesia plugin does: a
 * {@code SynthesizeStream} segment per context, measured when its {@code done} arrives.
 */
package dev.agentharness.client.cartesia;
