package dev.agentharness.fake.deepgram;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What Deepgram reports about the model behind a stream: {@code metadata.model_info} and
 * {@code model_uuid} in every Results, {@code models} and {@code model_info} in the final Metadata.
 * nova-3 reports {@code {"name":"general-nova-3","version":"2025-04-17.21547","arch":"nova-3"}}; the
 * fake derives the other names the same way ({@code nova-2-phonecall} is {@code phonecall-nova-2}).
 * The UUID is derived from the name, so a model keeps its UUID across streams and runs.
 */
record ModelInfo(String name, String version, String arch, String uuid) {

  static ModelInfo of(String model) {
    String arch;
    String variant;
    if (model.startsWith("nova-3")) {
      arch = "nova-3";
    } else if (model.startsWith("nova-2")) {
      arch = "nova-2";
    } else if (model.startsWith("nova")) {
      arch = "nova";
    } else if (model.startsWith("enhanced")) {
      arch = "enhanced";
    } else if (model.startsWith("base")) {
      arch = "base";
    } else {
      arch = "base";
      model = "base-" + model;
    }
    variant = model.length() > arch.length() ? model.substring(arch.length() + 1) : "general";
    String version = switch (arch) {
      case "nova-3" -> "2025-04-17.21547";
      case "nova-2" -> "2024-01-09.29447";
      default -> "2022-06-27.0";
    };
    String name = variant + "-" + arch;
    String uuid = UUID.nameUUIDFromBytes(("agentharness deepgram " + name).getBytes(StandardCharsets.UTF_8)).toString();
    return new ModelInfo(name, version, arch, uuid);
  }
}
