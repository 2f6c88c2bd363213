package dev.agentharness.session;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;

import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public class GapProbe {
  public static void main(String[] args) throws Exception {
    Scenario s = Scenario.builder("hour").realtime(Providers.Realtime.OPENAI)
        .turns(Integer.parseInt(args[0]), t -> t.user("Tell me more.", ofSeconds(4)).pause(ofMillis(500))
            .reply(r -> r.text("Here is more.").audio(Duration.ofMillis(4500))))
        .build();
    for (int round = 0; round < 3; round++) {
      List<long[]> stamps = new ArrayList<>();
      List<String> names = new ArrayList<>();
      long t0 = System.nanoTime();
      try (SimulatedSession session = SimulatedSession.builder(s).listener(e -> {
        names.add(e.type() + (e instanceof SessionEvent.AgentStateChanged a ? ":" + a.newState() : e instanceof SessionEvent.UserStateChanged u ? ":" + u.newState() : ""));
        stamps.add(new long[] {System.nanoTime()});
      }).build()) {
        session.run();
      }
      long total = System.nanoTime() - t0;
      Map<String, long[]> gaps = new TreeMap<>();
      for (int i = 1; i < names.size(); i++) {
        String k = names.get(i - 1) + " -> " + names.get(i);
        long[] g = gaps.computeIfAbsent(k, x -> new long[2]);
        g[0] += stamps.get(i)[0] - stamps.get(i - 1)[0];
        g[1]++;
      }
      System.out.println("round " + round + " total " + total / 1_000_000 + " ms, events " + names.size());
      if (round == 2) gaps.forEach((k, g) -> System.out.printf("  %-70s n=%4d total=%6.1f ms avg=%.3f ms%n", k, g[1], g[0] / 1e6, g[0] / 1e6 / g[1]));
    }
  }
}
