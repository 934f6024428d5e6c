package io.lakesync.search;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Objects;

/**
 * One retrieved chunk, with everything needed to trace it: where it came from (path, chunk, span in
 * the extracted text, the source commit its vector was made from) and how close it was.
 *
 * @param context the title and headings above the chunk (empty for tables before 0.13)
 * @param score by mode: vector, the cosine similarity to the query (1 − cosine distance); text, the
 *     BM25 score; hybrid, the reciprocal-rank fusion score of both rankings; image, the cosine
 *     similarity of the image vectors (higher is better in every mode)
 * @param modality {@code text} for a document's chunk, {@code image} for an image's (tables written
 *     before images say {@code text})
 * @param labels an image's ImageNet labels, most probable first; empty for documents
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
    String sourceCommit,
    String modality,
    List<Label> labels) {
  public static final String TEXT = "text";
  public static final String IMAGE = "image";

  /** An ImageNet class the image model sees in an image, with its probability. */
  public record Label(String label, double p) {}

  public SearchHit {
    Objects.requireNonNull(modality, "modality");
    labels = List.copyOf(labels);
  }

  /** A document's chunk. */
  public SearchHit(
      String id,
      String path,
      int chunk,
      int start,
      int end,
      String text,
      String context,
      double score,
      String sourceCommit) {
    this(id, path, chunk, start, end, text, context, score, sourceCommit, TEXT, List.of());
  }

  @JsonIgnore // modality says it in the JSON
  public boolean isImage() {
    return IMAGE.equals(modality);
  }

  /** The same hit, scored by another ranking (hybrid search scores by fused rank). */
  public SearchHit withScore(double fused) {
    return new SearchHit(
        id, path, chunk, start, end, text, context, fused, sourceCommit, modality, labels);
  }

  /** The same hit with an image's labels (read from its chunk 0). */
  public SearchHit withLabels(List<Label> imageLabels) {
    return new SearchHit(
        id, path, chunk, start, end, text, context, score, sourceCommit, modality, imageLabels);
  }

  /** The text, shortened for a terminal line. */
  public String snippet(int max) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
  }
}
