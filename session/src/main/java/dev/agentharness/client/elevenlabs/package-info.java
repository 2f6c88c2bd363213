/**
 * An ElevenLabs text-to-speech client (HTTP streaming and WebSocket stream-input) that measures as LiveKit's
 * ElevenLabs plugin does: a {@code ChunkedStream} per request, a {@code SynthesizeStream} segment per flush.
 */
package dev.agentharness.client.elevenlabs;
