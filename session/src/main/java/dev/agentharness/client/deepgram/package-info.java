/**
 * A Deepgram live speech-to-text client that measures as LiveKit's Deepgram plugin does, with the
 * connection-lifetime remainder of LiveKit 1.5.7 as a switch.
 */
package dev.agentharness.client.deepgram;
