package io.lakesync.table;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.index.Index;
import org.lance.index.OptimizeOptions;

/**
 * How many of a table's rows an index covers, and when the rest are worth indexing. Lance answers a
 * query from an index for the fragments the index covers and reads the other fragments directly (a
 * scan for a scalar lookup, a flat search for full text), so rows a sync added are always found;
 * bringing an index up to date only makes those reads shorter. Lance's scalar indexes (B-tree and
 * full-text alike) have no delta segments: an update rewrites the whole index, a cost that follows
 * the table, not the sync.
 */
final class IndexCoverage {
  /**
   * The share of the covered rows that may stay outside a scalar index before it is rewritten: 1 %,
   * so a rewrite's cost, spread over the syncs between two rewrites, stays flat per synced row, and
   * a read never scans more than 1 % of the table beside its index.
   */
  static final double UNCOVERED_SHARE = 0.01;

  private IndexCoverage() {}

  /** Rows (deleted ones included) in fragments that no segment of index {@code name} covers. */
  static long uncoveredRows(Dataset table, String name) {
    Set<Integer> covered = coveredFragments(table, name);
    return table.getFragments().stream()
        .filter(f -> !covered.contains(f.getId()))
        .mapToLong(IndexCoverage::physicalRows)
        .sum();
  }

  /** Rows (deleted ones included) in fragments that index {@code name} covers. */
  static long coveredRows(Dataset table, String name) {
    Set<Integer> covered = coveredFragments(table, name);
    return table.getFragments().stream()
        .filter(f -> covered.contains(f.getId()))
        .mapToLong(IndexCoverage::physicalRows)
        .sum();
  }

  /**
   * Whether index {@code name} is due for its rewrite: once the rows it does not cover reach
   * {@value #UNCOVERED_SHARE} of those it does (on a small table that is every sync).
   */
  static boolean due(Dataset table, String name) {
    long uncovered = uncoveredRows(table, name);
    return uncovered > 0 && uncovered >= UNCOVERED_SHARE * coveredRows(table, name);
  }

  /**
   * Rewrites those of the indexes {@code names} that exist and are {@link #due}, in one commit.
   * Returns whether it committed.
   */
  static boolean rewriteDue(Dataset table, List<String> names) {
    List<String> existing = table.listIndexes();
    List<String> due =
        names.stream().filter(existing::contains).filter(name -> due(table, name)).toList();
    if (due.isEmpty()) {
      return false;
    }
    table.optimizeIndices(OptimizeOptions.builder().indexNames(due).build());
    return true;
  }

  private static Set<Integer> coveredFragments(Dataset table, String name) {
    Set<Integer> covered = new HashSet<>();
    for (Index index : table.getIndexes()) {
      if (index.name().equals(name)) {
        covered.addAll(index.fragments().orElse(List.of()));
      }
    }
    return covered;
  }

  private static long physicalRows(Fragment fragment) {
    return fragment.metadata().getPhysicalRows();
  }
}
