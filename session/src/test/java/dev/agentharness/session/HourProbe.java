package dev.agentharness.session;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;

import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Scenario;
import java.time.Duration;

public class HourProbe {
  public static void main(String[] args) throws Exception {
    Scenario hour = Scenario.builder("hour").realtime(Providers.Realtime.OPENAI)
        .turns(Integer.parseInt(args[0]), t -> t.user("Tell me more.", ofSeconds(4)).pause(ofMillis(500))
            .reply(r -> r.text("Here is more.").audio(Duration.ofMillis(4500))))
        .build();
    for (int round = 0; round < 3; round++) {
      try (SimulatedSession s = SimulatedSession.builder(hour).inputChunk(Duration.ofMillis(Integer.parseInt(args[1]))).build()) {
        long start = System.nanoTime();
        s.run();
        System.out.println("turns=" + args[0] + " chunk=" + args[1] + "ms wall=" + (System.nanoTime() - start) / 1_000_000 + " ms, session " + s.clock().elapsed());
      }
    }
  }
}
