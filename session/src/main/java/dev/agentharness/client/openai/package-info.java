/** Reference clients for OpenAI: Realtime (GA and beta), Chat Completions streaming, and speech. */
package dev.agentharness.client.openai;
