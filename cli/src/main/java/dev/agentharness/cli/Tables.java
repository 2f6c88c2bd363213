package dev.agentharness.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain-text tables: a header, rows, columns padded; chosen columns right-aligned. Widths count visible
 * characters, so cells may carry ANSI colors ({@link Style}).
 */
final class Tables {

  private final List<String[]> rows = new ArrayList<>();
  private final boolean[] right;
  private final Style style;

  Tables(String... header) {
    this(Style.PLAIN, header);
  }

  /** A table whose header is set in {@code style}'s bold. */
  Tables(Style style, String... header) {
    this.style = style;
    rows.add(header);
    right = new boolean[header.length];
  }

  Tables alignRight(int... columns) {
    for (int c : columns) right[c] = true;
    return this;
  }

  Tables row(Object... cells) {
    if (cells.length != right.length) {
      throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + right.length
          + " columns");
    }
    String[] r = new String[cells.length];
    for (int i = 0; i < cells.length; i++) r[i] = String.valueOf(cells[i]);
    rows.add(r);
    return this;
  }

  int size() {
    return rows.size() - 1;
  }

  String render(String indent) {
    int cols = rows.get(0).length;
    int[] w = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < cols; i++) w[i] = Math.max(w[i], Style.visibleLength(r[i]));
    }
    StringBuilder sb = new StringBuilder();
    boolean header = true;
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < cols; i++) {
        String cell = r[i];
        String pad = " ".repeat(w[i] - Style.visibleLength(cell));
        if (header) cell = style.dim(cell);
        line.append(right[i] ? pad + cell : cell + (i == cols - 1 ? "" : pad));
        if (i < cols - 1) line.append("   ");
      }
      sb.append(line.toString().stripTrailing()).append('\n');
      header = false;
    }
    return sb.toString();
  }
}
