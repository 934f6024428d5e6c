package io.lakesync.gate;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges a change of embedding model, where drift cannot: the centroid of one model's vectors says
 * nothing about another's. What carries across models is what users get, so the golden queries run
 * twice — embedded with the old model against the table the target branch serves, and with the new
 * model against the candidate — and the new table may lose at most {@code max_recall_drop} of the
 * old one's recall. The new model's dimension, unit norms and re-embed agreement are the accuracy
 * check's, as for any table.
 */
final class ModelChangeCheck {
  static final String NAME = "model_change";

  private ModelChangeCheck() {}

  /**
   * @param before the golden queries' recall on the served table, with its model; empty when the
   *     repository has no golden queries
   * @param after the same queries' recall on the candidate, with the new model
   */
  static CheckResult run(
      String fromModel,
      String toModel,
      Optional<GoldenQueries.Recall> before,
      Optional<GoldenQueries.Recall> after,
      double maxRecallDrop) {
    String change = fromModel + " → " + toModel;
    if (before.isEmpty() || after.isEmpty()) {
      return CheckResult.of(
          NAME,
          false,
          change + ": no golden queries to compare the models on",
          List.of(
              "a model change is judged by golden-query recall, old model against new: set"
                  + " quality.golden_queries"));
    }
    double old = before.get().mean();
    double now = after.get().mean();
    boolean passed = now >= old - maxRecallDrop - 1e-9;
    String summary =
        String.format(
            Locale.ROOT,
            "%s: golden recall %.2f → %.2f over %d queries (max drop %.2f)",
            change,
            old,
            now,
            after.get().queries(),
            maxRecallDrop);
    return CheckResult.of(
        NAME,
        passed,
        summary,
        passed
            ? List.of()
            : List.of(
                String.format(
                    Locale.ROOT,
                    "recall dropped by %.2f: the served table (%s) stays until a model that"
                        + " finds as much is configured",
                    old - now,
                    fromModel)));
  }
}
