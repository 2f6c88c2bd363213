/**
 * A fake Gemini Live API (BidiGenerateContent over a WebSocket) for the Gemini Developer API. A
 * google-genai client's base URL is {@code http://127.0.0.1:PORT} ({@code https} with TLS).
 */
package dev.agentharness.fake.gemini;
