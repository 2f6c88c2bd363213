package dev.agentharness.benchmarks;

import java.util.Arrays;

/** Order statistics of timings, for the bench harnesses' printouts. */
final class Stats {

  private final double[] sorted;

  Stats(double[] values) {
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  double median() {
    return quantile(0.5);
  }

  double p90() {
    return quantile(0.9);
  }

  double min() {
    return sorted[0];
  }

  double max() {
    return sorted[sorted.length - 1];
  }

  /** Nearest-rank quantile. */
  double quantile(double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static String f(double v) {
    return v >= 100 ? String.format("%.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
  }
}
