/**
 * Fake OpenAI endpoints: Realtime (WebSocket, GA and beta), Chat Completions (SSE) and speech
 * ({@code /v1/audio/speech}). A client's base URL is {@code http://127.0.0.1:PORT/v1}.
 */
package dev.agentharness.fake.openai;
