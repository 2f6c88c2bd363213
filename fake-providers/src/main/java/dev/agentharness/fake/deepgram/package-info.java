/**
 * A fake Deepgram live speech-to-text API ({@code GET /v1/listen}, WebSocket). A client's base URL is
 * {@code http://127.0.0.1:PORT/v1/listen}: LiveKit's Deepgram plugin takes a base URL that includes the
 * path and turns {@code http} into {@code ws}.
 */
package dev.agentharness.fake.deepgram;
