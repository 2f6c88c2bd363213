package dev.agentharness.benchmarks;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;

import dev.agentharness.clock.Durations;
import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.session.SimulatedSession;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Wall time and peak heap of a one-hour, 360-turn OpenAI Realtime session on the virtual clock: each turn
 * the user speaks 4 s, the model answers 4.5 s of audio after 0.5 s. Every byte of audio goes over the
 * loopback WebSocket both ways, base64 in JSON, as it would to OpenAI.
 *
 * <pre>
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.agentharness.benchmarks.HourSessionBench [rounds] [turns]
 * </pre>
 *
 * Run it with {@code -Xmx256m} to show the session fits: audio is streamed, never accumulated. Peak heap is
 * the sum of the heap pools' peak usage during one round (reset before each).
 */
public final class HourSessionBench {

  private HourSessionBench() {}

  static Scenario hour(int turns) {
    return Scenario.builder("hour").realtime(Providers.Realtime.OPENAI)
        .turns(turns, t -> t.user("Tell me more.", ofSeconds(4)).pause(ofMillis(500))
            .reply(r -> r.text("Here is more.").audio(ofMillis(4500))))
        .build();
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int turns = args.length > 1 ? Integer.parseInt(args[1]) : 360;
    int warmup = 2;
    Scenario scenario = hour(turns);
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    double[] wall = new double[rounds];
    double[] peak = new double[rounds];
    long maxHeap = Runtime.getRuntime().maxMemory();
    System.out.printf("hour session: %d turns, %d warm-up + %d measured rounds, max heap %d MB, %s%n", turns, warmup,
        rounds, maxHeap >> 20, System.getProperty("java.vm.version"));
    for (int i = -warmup; i < rounds; i++) {
      System.gc();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      long start = System.nanoTime();
      String length;
      long audioTokens;
      try (SimulatedSession s = SimulatedSession.of(scenario)) {
        s.run();
        length = Durations.format(s.clock().elapsed());
        audioTokens = s.usage().llmOutputAudioTokens();
        if (!s.reconcile().matches()) throw new AssertionError(s.reconcile().report());
      }
      double ms = (System.nanoTime() - start) / 1e6;
      long peakBytes = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      System.out.printf("%s %d: wall %.0f ms, session %s, peak heap %d MB, output audio tokens %d%n",
          i < 0 ? "warm-up" : "round", i < 0 ? i + warmup + 1 : i + 1, ms, length, peakBytes >> 20, audioTokens);
      if (i >= 0) {
        wall[i] = ms;
        peak[i] = peakBytes / 1048576.0;
      }
    }
    Stats w = new Stats(wall);
    Stats p = new Stats(peak);
    System.out.printf("wall ms: median %s [%s–%s]; peak heap MB: median %s, max %s%n", Stats.f(w.median()),
        Stats.f(w.min()), Stats.f(w.max()), Stats.f(p.median()), Stats.f(p.max()));
  }
}
