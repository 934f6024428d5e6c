package io.lakesync.gate;

import io.lakesync.embed.TextEmbedder;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.RowKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Are the vectors what they claim to be? The stored dimension is the model's; every audited vector
 * is finite, non-zero and unit length (the bundled models normalise); the whole table carries one
 * model stamp, the configured one (mixed models make distances meaningless, silently); a sample of
 * chunks re-embedded now gives the stored vectors back; images' own columns are what {@link
 * ImageAudit} says they must be; and, when the repository has golden queries, they still find the
 * documents they should.
 */
final class AccuracyCheck {
  static final String NAME = "accuracy";
  static final double UNIT_TOLERANCE = 1e-3;

  /** What the check compares against. */
  record Expected(
      String modelStamp, int dimension, int reembedSamples, double minReembedCosine, long seed) {}

  private AccuracyCheck() {}

  static CheckResult run(
      Expected expected,
      String stateModel,
      Optional<Integer> storedDimension,
      List<RowKey> keys,
      List<EmbeddingRow> audited,
      TextEmbedder embedder,
      Optional<GoldenQueries.Recall> golden) {
    return run(expected, stateModel, storedDimension, keys, audited, embedder, golden, null);
  }

  /**
   * @param images the image columns' audit; null when the gate has no image model, and then image
   *     rows are judged on their text vectors only
   */
  static CheckResult run(
      Expected expected,
      String stateModel,
      Optional<Integer> storedDimension,
      List<RowKey> keys,
      List<EmbeddingRow> audited,
      TextEmbedder embedder,
      Optional<GoldenQueries.Recall> golden,
      ImageAudit.Result images) {
    List<String> problems = new ArrayList<>();
    storedDimension
        .filter(d -> d != expected.dimension())
        .ifPresent(
            d ->
                problems.add(
                    "dimension: the table stores "
                        + d
                        + "-dim vectors, "
                        + expected.modelStamp()
                        + " makes "
                        + expected.dimension()));
    Map<String, Long> models =
        keys.stream()
            .collect(Collectors.groupingBy(RowKey::model, TreeMap::new, Collectors.counting()));
    if (models.size() > 1) {
      problems.add("mixed models in one table: " + models + " (rows per model stamp)");
    }
    models.keySet().stream()
        .filter(m -> !m.equals(expected.modelStamp()))
        .forEach(m -> problems.add("rows made by " + m + ", configured " + expected.modelStamp()));
    if (!stateModel.equals(expected.modelStamp())) {
      problems.add(
          "table metadata names model " + stateModel + ", configured " + expected.modelStamp());
    }
    int badVectors = 0;
    for (EmbeddingRow row : audited) {
      String defect = vectorDefect(row.vector(), expected.dimension());
      if (defect != null) {
        badVectors++;
        problems.add(defect + ": " + row.path() + " chunk " + row.chunk());
      }
    }
    int reembedded = 0;
    if (storedDimension.orElse(expected.dimension()) == expected.dimension()) {
      List<EmbeddingRow> sample = reembedSample(expected, audited);
      reembedded = sample.size();
      problems.addAll(reembedMismatches(expected, sample, embedder));
    }
    if (images != null) {
      problems.addAll(images.problems());
    }
    golden.filter(g -> !g.passed()).ifPresent(g -> problems.addAll(g.details()));
    long imageRows = audited.stream().filter(r -> r.image() != null).count();
    String imagePart =
        images != null && images.imageRows() > 0
            ? ", " + images.summary()
            : images == null && imageRows > 0
                ? ", " + imageRows + " image rows' image vectors not checked (no image model)"
                : "";
    String summary =
        String.format(
            Locale.ROOT,
            "%d model stamp(s), %d of %d audited vectors defective, %d chunks re-embedded%s (min"
                + " cosine %.3f)%s",
            models.size(),
            badVectors,
            audited.size(),
            reembedded,
            imagePart,
            expected.minReembedCosine(),
            golden.map(g -> ", " + g.summary()).orElse(", no golden queries"));
    return CheckResult.of(NAME, problems.isEmpty(), summary, problems);
  }

  /** Why a vector is unusable, or null when it is fine. */
  static String vectorDefect(float[] vector, int dimension) {
    if (vector.length != dimension) {
      return vector.length + "-dim vector";
    }
    for (float x : vector) {
      if (!Float.isFinite(x)) {
        return "NaN or infinite vector";
      }
    }
    double norm = VectorStats.norm(vector);
    if (norm == 0) {
      return "zero vector";
    }
    if (Math.abs(norm - 1) > UNIT_TOLERANCE) {
      return String.format(Locale.ROOT, "non-unit vector (norm %.4f)", norm);
    }
    return null;
  }

  private static List<EmbeddingRow> reembedSample(Expected expected, List<EmbeddingRow> audited) {
    List<EmbeddingRow> usable =
        new ArrayList<>(
            audited.stream()
                .filter(r -> r.model().equals(expected.modelStamp()))
                .filter(r -> vectorDefect(r.vector(), expected.dimension()) == null)
                .toList());
    // Seeded by the commit: the same audit re-embeds the same chunks, so it is reproducible.
    Collections.shuffle(usable, new Random(expected.seed()));
    return usable.subList(0, Math.min(expected.reembedSamples(), usable.size()));
  }

  private static List<String> reembedMismatches(
      Expected expected, List<EmbeddingRow> sample, TextEmbedder embedder) {
    if (sample.isEmpty()) {
      return List.of();
    }
    List<float[]> fresh = embedder.embed(sample.stream().map(EmbeddingRow::embeddedText).toList());
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < sample.size(); i++) {
      double cosine = VectorStats.cosine(sample.get(i).vector(), fresh.get(i));
      if (cosine < expected.minReembedCosine()) {
        mismatches.add(
            String.format(
                Locale.ROOT,
                "re-embedded %s chunk %d: cosine %.4f to the stored vector",
                sample.get(i).path(),
                sample.get(i).chunk(),
                cosine));
      }
    }
    return mismatches;
  }
}
