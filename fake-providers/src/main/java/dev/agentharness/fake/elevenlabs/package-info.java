/**
 * Fake ElevenLabs text-to-speech: HTTP streaming ({@code POST /v1/text-to-speech/{voice_id}/stream}) and
 * WebSocket input streaming ({@code /v1/text-to-speech/{voice_id}/stream-input}). A client's base URL is
 * {@code http://127.0.0.1:PORT/v1}. See {@code docs/fake-providers/elevenlabs.md}.
 */
package dev.agentharness.fake.elevenlabs;
