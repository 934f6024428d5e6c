package io.lakesync.gate;

import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.ImageColumns;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Are the image columns what they claim to be? Part of the accuracy check. On every audited image
 * row: the image model stamp is the configured one (a silently swapped image model makes
 * image-to-image distances meaningless); the image's first row (chunk 0) carries a finite unit
 * vector of the model's dimension and its other rows none. Then a sample of images is re-read at
 * the commit their rows name, decoded and run through the image model again: the stored vector must
 * come back. The stored text of an image row is derived (labels and OCR), so re-embedding it proves
 * nothing about the image vector; only the original pixels do.
 */
final class ImageAudit {
  /** The image model's vector of the original object a row was made from. */
  interface Reembedder {
    float[] imageVector(EmbeddingRow row) throws IOException;
  }

  /** What the image columns are compared against. */
  record Expected(String imageModel, int dimension, int samples, double minCosine, long seed) {}

  /**
   * @param imageRows audited rows of images
   * @param defective image rows with a missing, misplaced or unusable image vector
   * @param reembedded images re-read and re-embedded
   * @param problems one line per defect, naming the path
   */
  record Result(int imageRows, int defective, int reembedded, List<String> problems) {
    String summary() {
      return String.format(
          Locale.ROOT,
          "%d image rows (%d defective), %d images re-embedded",
          imageRows,
          defective,
          reembedded);
    }
  }

  private ImageAudit() {}

  static Result run(Expected expected, List<EmbeddingRow> audited, Reembedder reembedder) {
    List<EmbeddingRow> imageRows = audited.stream().filter(r -> r.image() != null).toList();
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> pathsByModel = new TreeMap<>();
    int defective = 0;
    for (EmbeddingRow row : imageRows) {
      String model = row.image().imageModel();
      if (!model.equals(expected.imageModel())) {
        pathsByModel.computeIfAbsent(model, m -> new ArrayList<>()).add(row.path());
      }
      String defect = defect(row, expected.dimension());
      if (defect != null) {
        defective++;
        problems.add(defect);
      }
    }
    pathsByModel.forEach(
        (model, paths) ->
            problems.add(
                "image rows made by "
                    + model
                    + ", configured "
                    + expected.imageModel()
                    + ": "
                    + paths.size()
                    + " rows, e.g. "
                    + paths.get(0)));
    List<EmbeddingRow> sample = sample(expected, imageRows);
    for (EmbeddingRow row : sample) {
      String mismatch = mismatch(expected, row, reembedder);
      if (mismatch != null) {
        problems.add(mismatch);
      }
    }
    return new Result(imageRows.size(), defective, sample.size(), problems);
  }

  /** Why a row's image vector is wrong, or null when it is fine. */
  private static String defect(EmbeddingRow row, int dimension) {
    ImageColumns image = row.image();
    if (row.chunk() != 0) {
      return image.vector() == null
          ? null
          : "image vector on " + row.path() + " chunk " + row.chunk() + " (only chunk 0 has one)";
    }
    if (image.vector() == null) {
      return "no image vector: " + row.path() + " chunk 0";
    }
    String defect = AccuracyCheck.vectorDefect(image.vector(), dimension);
    return defect == null ? null : "image vector " + defect + ": " + row.path();
  }

  private static List<EmbeddingRow> sample(Expected expected, List<EmbeddingRow> imageRows) {
    List<EmbeddingRow> usable =
        new ArrayList<>(
            imageRows.stream()
                .filter(r -> r.chunk() == 0)
                .filter(r -> r.image().imageModel().equals(expected.imageModel()))
                .filter(r -> defect(r, expected.dimension()) == null)
                .toList());
    // Seeded by the commit, like the chunks: the same audit re-reads the same images.
    Collections.shuffle(usable, new Random(expected.seed()));
    return usable.subList(0, Math.min(expected.samples(), usable.size()));
  }

  private static String mismatch(Expected expected, EmbeddingRow row, Reembedder reembedder) {
    float[] fresh;
    try {
      fresh = reembedder.imageVector(row);
    } catch (IOException | RuntimeException e) {
      // The row names an object version that cannot be read or decoded: its vector is unproven.
      return "image "
          + row.path()
          + " at "
          + row.sourceCommit()
          + " not re-embedded: "
          + e.getMessage();
    }
    double cosine = VectorStats.cosine(row.image().vector(), fresh);
    return cosine >= expected.minCosine()
        ? null
        : String.format(
            Locale.ROOT,
            "re-embedded image %s: cosine %.4f to the stored image vector",
            row.path(),
            cosine);
  }
}
