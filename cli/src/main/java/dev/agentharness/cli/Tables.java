package dev.agentharness.cli;

import java.util.ArrayList;
import java.util.List;

/** Plain-text tables: a header, rows, columns padded; numbers right-aligned. */
final class Tables {

  private final List<String[]> rows = new ArrayList<>();
  private final boolean[] right;

  Tables(String... header) {
    rows.add(header);
    right = new boolean[header.length];
  }

  Tables alignRight(int... columns) {
    for (int c : columns) right[c] = true;
    return this;
  }

  Tables row(Object... cells) {
    String[] r = new String[cells.length];
    for (int i = 0; i < cells.length; i++) r[i] = String.valueOf(cells[i]);
    rows.add(r);
    return this;
  }

  String render(String indent) {
    int cols = rows.get(0).length;
    int[] w = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < cols; i++) w[i] = Math.max(w[i], r[i].length());
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < cols; i++) {
        String cell = r[i];
        String pad = " ".repeat(w[i] - cell.length());
        line.append(right[i] ? pad + cell : cell + (i == cols - 1 ? "" : pad));
        if (i < cols - 1) line.append("   ");
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }
}
