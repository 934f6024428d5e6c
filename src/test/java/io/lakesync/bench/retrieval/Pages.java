package io.lakesync.bench.retrieval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Page names from ranked chunk hits. */
final class Pages {
  private Pages() {}

  /**
   * Each page once, at its first (best) position. Both methods rank pages this way from their 10
   * nearest chunks, so a method that returns several chunks of one page shows fewer pages: that is
   * what an application handing those 10 chunks to a model would see.
   */
  static List<String> distinct(List<String> pagesOfHits) {
    return new ArrayList<>(new LinkedHashSet<>(pagesOfHits));
  }

  /** {@code docs/pg/sql-copy.html} → {@code sql-copy.html}. */
  static String ofPath(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
