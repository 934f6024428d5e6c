package io.lakesync.search;

/**
 * How hybrid search fuses its two rankings: how many candidates each contributes, and how much a
 * full-text rank weighs against a vector rank of the same place.
 *
 * @param candidates hits each ranking contributes, at least (fusion needs more than the k it
 *     returns, or a chunk ranked 11th by one side and 2nd by the other is lost)
 * @param textWeight a full-text rank's weight; a vector rank weighs 1
 */
public record HybridRanking(int candidates, double textWeight) {
  /**
   * Equal weights, 50 candidates each. On the retrieval benchmark (docs/benchmarks.md) the best
   * other fusion on one half of the questions was the worst on the other half, so nothing beat
   * equal weights without tuning on the test set.
   */
  public static final HybridRanking DEFAULT = new HybridRanking(50, 1.0);

  public HybridRanking {
    if (candidates < 1 || textWeight < 0) {
      throw new IllegalArgumentException("need candidates >= 1 and textWeight >= 0");
    }
  }
}
