package dev.agentharness.scenario;

import java.util.Objects;

/**
 * A function the model calls in a reply; the client answers with {@code output} and the model then
 * speaks the reply in a second response.
 *
 * @param arguments the call's arguments as a JSON object text
 * @param output what the client's tool returns, as JSON text
 */
public record ToolCall(String name, String arguments, String output) {
  public ToolCall {
    Objects.requireNonNull(name, "name");
    if (arguments == null) arguments = "{}";
    if (output == null) output = "{}";
  }
}
