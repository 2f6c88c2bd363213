package dev.agentharness.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** "did you mean" hints by edit distance. */
final class Suggest {

  private Suggest() {}

  /**
   * {@code "; did you mean \"x\"?"}: the candidates that contain the input, when there are at most three
   * ({@code "openai-realtime"} names both {@code "greeting-openai-realtime"} and {@code "openai-realtime-beta"}),
   * else the closest by edit distance; {@code ""} when none is close.
   */
  static String didYouMean(String input, Collection<String> candidates) {
    String lowerInput = input.toLowerCase(Locale.ROOT);
    List<String> containing = new ArrayList<>();
    for (String c : candidates) {
      String lower = c.toLowerCase(Locale.ROOT);
      if (lowerInput.length() >= 4 && !lower.equals(lowerInput) && lower.contains(lowerInput)) containing.add(c);
    }
    if (!containing.isEmpty() && containing.size() <= 3) {
      StringBuilder sb = new StringBuilder("; did you mean ");
      for (int i = 0; i < containing.size(); i++) {
        if (i > 0) sb.append(i == containing.size() - 1 ? " or " : ", ");
        sb.append('"').append(containing.get(i)).append('"');
      }
      return sb.append('?').toString();
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(input.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    if (best == null || bestDistance > Math.max(2, input.length() / 3)) {
      // or the one candidate the input starts ("livekit-js" -> "livekit-js-legacy")
      String lower = input.toLowerCase(Locale.ROOT);
      List<String> starting = new ArrayList<>();
      for (String c : candidates) {
        if (lower.length() >= 3 && c.toLowerCase(Locale.ROOT).startsWith(lower)) starting.add(c);
      }
      if (starting.size() != 1) return "";
      best = starting.get(0);
    }
    return "; did you mean \"" + best + "\"?";
  }

  /** Edit distance (optimal string alignment): insertions, deletions, substitutions and swapped neighbours. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
