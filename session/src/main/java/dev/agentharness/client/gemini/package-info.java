/** A Gemini Live reference client that measures as LiveKit's Google realtime plugin does. */
package dev.agentharness.client.gemini;
