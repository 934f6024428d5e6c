package io.lakesync.search;

/**
 * One retrieved chunk, with everything needed to trace it: where it came from (path, chunk, span in
 * the extracted text, the source commit its vector was made from) and how close it was.
 *
 * @param context the title and headings above the chunk (empty for tables before 0.13)
 * @param score by mode: vector, the cosine similarity to the query (1 − cosine distance); text, the
 *     BM25 score; hybrid, the reciprocal-rank fusion score of both rankings (higher is better in
 *     every mode)
 */
public record SearchHit(
    String id,
    String path,
    int chunk,
    int start,
    int end,
    String text,
    String context,
    double score,
    String sourceCommit) {

  /** The same hit, scored by another ranking (hybrid search scores by fused rank). */
  public SearchHit withScore(double fused) {
    return new SearchHit(id, path, chunk, start, end, text, context, fused, sourceCommit);
  }

  /** The text, shortened for a terminal line. */
  public String snippet(int max) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
  }
}
