package io.lakesync.bench.retrieval;

import io.lakesync.embed.TextEmbedder;
import java.util.Arrays;
import java.util.List;

/**
 * How a method cut the corpus: chunks embedded, median chunk length in model tokens (special tokens
 * excluded) and characters, and how many chunks the model truncates (longer than its input limit,
 * so their tail is never embedded).
 */
record ChunkStats(int chunks, int medianTokens, int medianChars, int truncated) {

  static ChunkStats of(List<String> texts, TextEmbedder embedder) {
    int limit = embedder.model().maxTokens();
    int[] tokens = texts.stream().mapToInt(embedder::countTokens).toArray();
    int[] chars = texts.stream().mapToInt(String::length).toArray();
    int truncated = (int) Arrays.stream(tokens).filter(t -> t > limit).count();
    return new ChunkStats(texts.size(), median(tokens) - 2, median(chars), truncated);
  }

  private static int median(int[] values) {
    if (values.length == 0) {
      return 0;
    }
    int[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
