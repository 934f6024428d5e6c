package io.lakesync.search;

import java.util.List;

/**
 * A search's answer, reproducible: searching {@code commit} again returns the same hits in the same
 * order with the same scores, whatever happened to {@code ref} since.
 *
 * @param ref what was asked for (a branch, a tag or a commit ID)
 * @param commit the commit ID the ref resolved to, and that was searched
 * @param model the model stamp recorded in the table, which embedded the query
 * @param mode how the hits were found: {@code vector}, {@code text} or {@code hybrid} (a hybrid
 *     search of a table without a full-text index, written before 0.13, answers as {@code vector})
 */
public record SearchAnswer(
    String table,
    String ref,
    String commit,
    String model,
    String mode,
    String query,
    int k,
    List<SearchHit> hits) {
  public SearchAnswer {
    hits = List.copyOf(hits);
  }
}
