/**
 * Raw audio: formats, exact durations from byte counts, and the PCM the fakes send (silence or a tone).
 */
package dev.agentharness.audio;
