/**
 * A simulated LiveKit room: participants with their kinds join and leave on the session clock
 * ({@link dev.agentharness.room.Room}, played from a scenario's room script with
 * {@link dev.agentharness.room.RoomPlayback}); how long the agents stood in it
 * ({@link dev.agentharness.room.StandingTime}, from the room or from a webhook stream); and LiveKit's
 * server webhooks for it, in LiveKit's wire JSON, signed ({@link dev.agentharness.room.WebhookSigner}),
 * posted ({@link dev.agentharness.room.WebhookSender}) and verified ({@link dev.agentharness.room.Webhooks}).
 */
package dev.agentharness.room;
