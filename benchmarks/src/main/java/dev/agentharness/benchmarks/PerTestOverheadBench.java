package dev.agentharness.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Per-test overhead of a one-turn {@code @AgentSession} test ({@link OneTurnSessionFixture}: fakes up, one
 * realtime turn, assertions, teardown) against a bare MockWebServer WebSocket exchange
 * ({@link BareMockWebServerFixture}), both run through the JUnit Platform in the same JVM, interleaved
 * round by round. The cost of a test is the gap between consecutive test-finished events, so Jupiter's own
 * work between tests counts, as in the performance anchors (§1.3).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.agentharness.benchmarks.PerTestOverheadBench [rounds]
 * </pre>
 */
public final class PerTestOverheadBench {

  /** Tests per class per round; the first {@link #WARM_UP} gaps of each run are not counted. */
  static final int REPETITIONS = 300;

  private static final int WARM_UP = 50;

  private PerTestOverheadBench() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Launcher launcher = LauncherFactory.create();
    List<Double> session = new ArrayList<>();
    List<Double> bare = new ArrayList<>();
    System.out.printf("per-test overhead: %d rounds of %d tests per class (first %d of each not counted), %s%n",
        rounds, REPETITIONS, WARM_UP, System.getProperty("java.vm.version"));
    for (int round = 1; round <= rounds; round++) {
      List<Double> a = run(launcher, OneTurnSessionFixture.class);
      List<Double> b = run(launcher, BareMockWebServerFixture.class);
      System.out.printf("round %d: @AgentSession one turn %s ms, bare MockWebServer WS %s ms (medians)%n", round,
          Stats.f(median(a)), Stats.f(median(b)));
      session.addAll(a);
      bare.addAll(b);
    }
    Stats s = stats(session);
    Stats b = stats(bare);
    System.out.printf("@AgentSession one turn: median %s ms, p90 %s ms%n", Stats.f(s.median()), Stats.f(s.p90()));
    System.out.printf("bare MockWebServer WS:  median %s ms, p90 %s ms%n", Stats.f(b.median()), Stats.f(b.p90()));
    System.out.printf("ratio of medians: %s×%n", Stats.f(s.median() / b.median()));
  }

  /** The gaps (ms) between consecutive test-finished events, after the warm-up; fails on any failed test. */
  private static List<Double> run(Launcher launcher, Class<?> fixture) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
        .build();
    List<Long> finished = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    launcher.execute(request, new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) return;
        finished.add(System.nanoTime());
        result.getThrowable().ifPresent(failures::add);
      }
    });
    if (!failures.isEmpty()) throw new IllegalStateException(fixture.getSimpleName() + " failed", failures.get(0));
    if (finished.size() != REPETITIONS) {
      throw new IllegalStateException(fixture.getSimpleName() + " ran " + finished.size() + " tests");
    }
    List<Double> gaps = new ArrayList<>();
    for (int i = WARM_UP + 1; i < finished.size(); i++) gaps.add((finished.get(i) - finished.get(i - 1)) / 1e6);
    return gaps;
  }

  private static Stats stats(List<Double> values) {
    return new Stats(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static double median(List<Double> values) {
    return stats(values).median();
  }
}
