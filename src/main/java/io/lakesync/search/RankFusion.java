package io.lakesync.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal-rank fusion: each ranking gives an item {@code weight / (K + rank)} (rank from 1), and
 * items are ordered by the sum. Only ranks count, so a cosine similarity and a BM25 score, which
 * live on unrelated scales, never have to be compared; {@value #K} is the constant of the original
 * paper (Cormack et al., 2009), which damps the difference between the very top ranks.
 */
final class RankFusion {
  static final int K = 60;

  private RankFusion() {}

  /** A fused item and its summed reciprocal ranks. */
  record Fused<T>(T item, double score) {}

  /**
   * The items of all rankings, best first; ties keep the order of first appearance (the first
   * ranking's order first), so the result is deterministic.
   */
  static <T> List<Fused<T>> fuse(List<List<T>> rankings) {
    return fuse(rankings, rankings.stream().map(r -> 1.0).toList());
  }

  /** The same, each ranking's contributions multiplied by its weight. */
  static <T> List<Fused<T>> fuse(List<List<T>> rankings, List<Double> weights) {
    if (weights.size() != rankings.size()) {
      throw new IllegalArgumentException("one weight per ranking");
    }
    Map<T, Double> scores = new LinkedHashMap<>();
    for (int r = 0; r < rankings.size(); r++) {
      List<T> ranking = rankings.get(r);
      for (int rank = 0; rank < ranking.size(); rank++) {
        scores.merge(ranking.get(rank), weights.get(r) / (K + rank + 1), Double::sum);
      }
    }
    List<Fused<T>> fused = new ArrayList<>();
    scores.forEach((item, score) -> fused.add(new Fused<>(item, score)));
    fused.sort(Comparator.comparingDouble((Fused<T> f) -> f.score()).reversed());
    return fused;
  }
}
