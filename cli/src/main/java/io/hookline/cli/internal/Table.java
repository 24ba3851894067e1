package io.hookline.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header row, columns padded to their widest cell, two spaces apart. Cells
 * longer than {@link #MAX_CELL} (or {@link #maxCell}) are cut with an ellipsis; {@code null} shows
 * as {@code -}.
 */
public final class Table {
  static final int MAX_CELL = 60;
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;
  private int maxCell = MAX_CELL;

  public Table(String... headers) {
    this.columns = headers.length;
    rows.add(headers);
  }

  /** Cuts cells at {@code chars} instead of {@link #MAX_CELL}; call before adding rows. */
  public Table maxCell(int chars) {
    this.maxCell = chars;
    return this;
  }

  public Table row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
    }
    String[] row = new String[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = cell(cells[i]);
    }
    rows.add(row);
    return this;
  }

  /** Rows added, not counting the header. */
  public int size() {
    return rows.size() - 1;
  }

  public void print(PrintWriter out) {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder line = new StringBuilder();
    for (String[] row : rows) {
      line.setLength(0);
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private String cell(Object value) {
    if (value == null) {
      return "-";
    }
    String s = value.toString().replace('\n', ' ').replace('\r', ' ');
    return s.length() > maxCell ? s.substring(0, maxCell - 1) + "…" : s;
  }
}
