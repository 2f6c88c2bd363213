package dev.agentharness.benchmarks;

import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.usage.ModelUsageCollector;
import dev.agentharness.usage.UsageCollector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Throughput of {@link UsageCollector#collect} and {@link ModelUsageCollector#collect} on realtime
 * metrics: one collector shared by all threads, 1,024 prebuilt varied metrics, each thread cycling
 * through them with its own cursor.
 *
 * <p>Every trial ends by checking that the collector's totals equal, exactly, the sums of the fields
 * of every metric each thread collected (warm-up included); a mismatch fails the benchmark. The
 * expected sums are computed from the metric records, not by a collector.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CollectBenchmark -f 2 -wi 3 -w 1s -i 5 -r 1s</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CollectBenchmark {

  static final int METRICS = 1024;

  /** The prebuilt metrics, and every thread's cursor so that the trial can be checked at the end. */
  @State(Scope.Benchmark)
  public static class Workload {
    /**
     * How many model names the metrics are spread over, round-robin: 1 is one realtime session.
     * {@code -p models=4} shows ModelUsageCollector when every metric changes model.
     */
    @Param({"1"})
    public int models;

    RealtimeWorkload workload;
    final Queue<Cursor> cursors = new ConcurrentLinkedQueue<>();

    @Setup(Level.Trial)
    public void build() {
      workload = new RealtimeWorkload(METRICS, models, 42);
    }

    /** What every thread collected, summed from the metric fields. */
    RealtimeWorkload.Totals expected() {
      RealtimeWorkload.Totals t = new RealtimeWorkload.Totals();
      for (Cursor c : cursors) t.addAll(workload.totals(c.start, c.count));
      return t;
    }

    long collects() {
      long n = 0;
      for (Cursor c : cursors) n += c.count;
      return n;
    }
  }

  /** One thread's position in the metrics; it counts every collect the thread made. */
  @State(Scope.Thread)
  public static class Cursor {
    RealtimeModelMetrics[] metrics;
    int mask;
    long start;
    long count;

    @Setup(Level.Trial)
    public void register(Workload w, ThreadParams thread) {
      metrics = w.workload.metrics;
      mask = w.workload.mask;
      start = thread.getThreadIndex() * 131L; // threads start at different metrics
      w.cursors.add(this);
    }

    RealtimeModelMetrics next() {
      return metrics[(int) ((start + count++) & mask)];
    }
  }

  @State(Scope.Benchmark)
  public static class Usage {
    final UsageCollector collector = new UsageCollector();

    @TearDown(Level.Trial)
    public void verify(Workload w) {
      System.out.println(RealtimeWorkload.verify(
          "UsageCollector", w.collects(), w.expected().usageSummary(), collector.summary()));
    }
  }

  @State(Scope.Benchmark)
  public static class Models {
    final ModelUsageCollector collector = new ModelUsageCollector();

    @TearDown(Level.Trial)
    public void verify(Workload w) {
      System.out.println(RealtimeWorkload.verify(
          "ModelUsageCollector", w.collects(), w.expected().modelUsage(), collector.usage()));
    }
  }

  /** Controls: the same 12 realtime sums in plain fields, without and with a lock (see the anchors). */
  @State(Scope.Benchmark)
  public static class Baseline {
    long prompt, cached, inAudio, inCachedAudio, inText, inCachedText, inImage, inCachedImage;
    long completion, outAudio, outImage, outText;

    void add(RealtimeModelMetrics m) {
      RealtimeModelMetrics.InputTokenDetails in = m.inputTokenDetails();
      RealtimeModelMetrics.CachedTokenDetails cd = in.cachedTokensDetails();
      RealtimeModelMetrics.OutputTokenDetails out = m.outputTokenDetails();
      prompt += m.inputTokens();
      cached += in.cachedTokens();
      inAudio += in.audioTokens();
      inText += in.textTokens();
      inImage += in.imageTokens();
      if (cd != null) {
        inCachedAudio += cd.audioTokens();
        inCachedText += cd.textTokens();
        inCachedImage += cd.imageTokens();
      }
      completion += m.outputTokens();
      outAudio += out.audioTokens();
      outImage += out.imageTokens();
      outText += out.textTokens();
    }

    synchronized void addLocked(RealtimeModelMetrics m) {
      add(m);
    }
  }

  @Benchmark
  @Threads(1)
  public void baselinePlain1Thread(Baseline b, Cursor c) {
    b.add(c.next());
  }

  @Benchmark
  @Threads(1)
  public void baselineSynchronized1Thread(Baseline b, Cursor c) {
    b.addLocked(c.next());
  }

  @Benchmark
  @Threads(1)
  public void usageCollector1Thread(Usage u, Cursor c) {
    u.collector.collect(c.next());
  }

  @Benchmark
  @Threads(8)
  public void usageCollector8Threads(Usage u, Cursor c) {
    u.collector.collect(c.next());
  }

  @Benchmark
  @Threads(1)
  public void modelUsageCollector1Thread(Models m, Cursor c) {
    m.collector.collect(c.next());
  }

  @Benchmark
  @Threads(8)
  public void modelUsageCollector8Threads(Models m, Cursor c) {
    m.collector.collect(c.next());
  }
}
