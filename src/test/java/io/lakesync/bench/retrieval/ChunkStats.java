package io.lakesync.bench.retrieval;

import io.lakesync.embed.TextEmbedder;
import java.util.Arrays;
import java.util.List;

/**
 * How a method cut the corpus: chunks (rows of its index), chunks embedded (texts sent to the
 * model: lakesync embeds a text that several rows share once), the median length of what the model
 * reads for a chunk, in model tokens (special tokens excluded) and characters, and how many chunks
 * the model truncates (longer than its input limit, so their tail is never embedded).
 */
record ChunkStats(int chunks, int embedded, int medianTokens, int medianChars, int truncated) {

  /**
   * @param texts what the model reads for each chunk (lakesync: the context, then the chunk)
   * @param embedded how many texts were sent to the model
   */
  static ChunkStats of(List<String> texts, int embedded, TextEmbedder embedder) {
    int limit = embedder.model().maxTokens();
    int[] tokens = texts.stream().mapToInt(embedder::countTokens).toArray();
    int[] chars = texts.stream().mapToInt(String::length).toArray();
    int truncated = (int) Arrays.stream(tokens).filter(t -> t > limit).count();
    return new ChunkStats(
        texts.size(), embedded, Math.max(0, median(tokens) - 2), median(chars), truncated);
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
