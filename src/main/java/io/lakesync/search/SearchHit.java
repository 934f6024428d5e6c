package io.lakesync.search;

/**
 * One retrieved chunk, with everything needed to trace it: where it came from (path, chunk, span in
 * the extracted text, the source commit its vector was made from) and how close it was.
 *
 * @param score cosine similarity to the query (1 − cosine distance)
 */
public record SearchHit(
    String id,
    String path,
    int chunk,
    int start,
    int end,
    String text,
    double score,
    String sourceCommit) {

  /** The text, shortened for a terminal line. */
  public String snippet(int max) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
  }
}
