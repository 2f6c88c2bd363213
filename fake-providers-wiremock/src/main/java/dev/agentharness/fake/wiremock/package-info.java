/**
 * The HTTP TTS fakes (OpenAI speech, ElevenLabs HTTP streaming) as WireMock 3 stubs, with the faults mapped to
 * WireMock's own and the ledger read from the request journal. WireMock is {@code provided}: bring your own,
 * thin or standalone. See {@code docs/fake-providers/wiremock.md}.
 */
package dev.agentharness.fake.wiremock;
