/**
 * Fake Cartesia text-to-speech WebSocket ({@code /tts/websocket}), contexts multiplexed by
 * {@code context_id}. See {@code docs/fake-providers/cartesia.md}.
 */
package dev.agentharness.fake.cartesia;
