package io.lakesync.bench.retrieval;

import io.lakesync.embed.TextEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The baseline computed in the same run: each page's visible text cut by a 1,000-character
 * recursive splitter with 200 characters of overlap, embedded with the same model instance as
 * lakesync, searched by brute force (vectors are unit length, so the dot product is the cosine).
 */
final class BaselineIndex {
  static final int CHUNK_CHARS = 1000;
  static final int OVERLAP_CHARS = 200;

  private final List<String> pages = new ArrayList<>();
  private final List<String> texts = new ArrayList<>();
  private final List<float[]> vectors;
  private final TextEmbedder embedder;

  private BaselineIndex(Map<String, String> htmlByPage, TextEmbedder embedder) {
    this.embedder = embedder;
    RecursiveSplitter splitter = new RecursiveSplitter(CHUNK_CHARS, OVERLAP_CHARS);
    htmlByPage.forEach(
        (page, html) -> {
          for (String chunk : splitter.split(PageText.of(html))) {
            pages.add(page);
            texts.add(chunk);
          }
        });
    this.vectors = embedder.embed(texts);
  }

  /** Splits and embeds every page; the costly part of the baseline. */
  static BaselineIndex build(Map<String, String> htmlByPage, TextEmbedder embedder) {
    return new BaselineIndex(htmlByPage, embedder);
  }

  ChunkStats stats() {
    return ChunkStats.of(texts, texts.size(), embedder);
  }

  /** The pages of the {@code k} nearest chunks, each page at the rank of its best chunk. */
  List<String> rank(String question, int k) {
    float[] query = embedder.embed(List.of(question)).get(0);
    TopK nearest = new TopK(k);
    for (int i = 0; i < vectors.size(); i++) {
      nearest.offer(i, dot(query, vectors.get(i)));
    }
    return Pages.distinct(nearest.best().stream().map(pages::get).toList());
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
