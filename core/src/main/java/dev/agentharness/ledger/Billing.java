package dev.agentharness.ledger;

/** What kind of thing a ledger entry bills. */
public enum Billing {
  /** One realtime-model response (OpenAI Realtime, Gemini Live): tokens by modality. */
  REALTIME_RESPONSE,
  /** One chat completion: prompt, cached and completion tokens. */
  LLM_COMPLETION,
  /** One speech synthesis (a request, or a segment of a stream): characters and audio. */
  TTS_SYNTHESIS,
  /** One speech-recognition stream: audio seconds. */
  STT_STREAM
}
