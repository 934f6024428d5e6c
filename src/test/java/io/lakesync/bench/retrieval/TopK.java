package io.lakesync.bench.retrieval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** The k highest-scoring items seen; ties keep the item offered first. */
final class TopK {
  private record Scored(int item, double score) {}

  private static final Comparator<Scored> WORST_FIRST =
      Comparator.comparingDouble(Scored::score)
          .thenComparing(Comparator.comparingInt(Scored::item).reversed());

  private final int k;
  private final PriorityQueue<Scored> heap;

  TopK(int k) {
    this.k = k;
    this.heap = new PriorityQueue<>(k + 1, WORST_FIRST);
  }

  void offer(int item, double score) {
    heap.add(new Scored(item, score));
    if (heap.size() > k) {
      heap.poll();
    }
  }

  /** The items, best first. */
  List<Integer> best() {
    List<Scored> sorted = new ArrayList<>(heap);
    sorted.sort(WORST_FIRST.reversed());
    return sorted.stream().map(Scored::item).toList();
  }
}
