package dev.agentharness.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs fixture test classes in-process with the Jupiter engine (as junit-pioneer's PioneerTestKit does),
 * so that tests can assert on what happened to them: results, failures, report entries.
 */
final class AgentTestKit {

  private AgentTestKit() {}

  static EngineExecutionResults execute(Class<?> fixture) {
    return execute(fixture, Map.of());
  }

  static EngineExecutionResults execute(Class<?> fixture, Map<String, String> configuration) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameters(configuration)
        .selectors(selectClass(fixture))
        .execute();
  }

  /** Runs the fixture with parallel execution on, every class and method concurrent. */
  static EngineExecutionResults executeConcurrently(Class<?> fixture) {
    return execute(fixture, Map.of(
        "junit.jupiter.execution.parallel.enabled", "true",
        "junit.jupiter.execution.parallel.mode.default", "concurrent",
        "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
        "junit.jupiter.execution.parallel.config.strategy", "fixed",
        "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"));
  }

  /** The report entries published for tests and containers, in order. */
  static List<ReportEntry> reportEntries(Events events) {
    return events.reportingEntryPublished().stream()
        .map(e -> e.getPayload(ReportEntry.class))
        .flatMap(Optional::stream)
        .toList();
  }

  /** The values published under {@code key}, in order. */
  static List<String> reportValues(Events events, String key) {
    return reportEntries(events).stream()
        .map(r -> r.getKeyValuePairs().get(key))
        .filter(v -> v != null)
        .toList();
  }

  /** The exception of the first failed event. */
  static Throwable firstFailure(Events events) {
    Event failed = events.failed().stream().findFirst()
        .orElseThrow(() -> new AssertionError("no event failed; events: " + events.list()));
    return failed.getPayload(org.junit.platform.engine.TestExecutionResult.class)
        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
        .orElseThrow();
  }
}
