package io.lakesync.search;

import io.lakesync.sync.ImageLabels;
import io.lakesync.table.EmbeddingSchema;
import io.lakesync.table.LanceTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.lance.Dataset;

/**
 * The image side of a table: nearest {@code image_vector}s to a query image (only an image's chunk
 * 0 has one), and the labels of images found by text (their labels live on chunk 0 only).
 */
final class ImageHits {
  private ImageHits() {}

  /** Whether this table version has image columns (written by lakesync with image support). */
  static boolean present(Dataset dataset) {
    return LanceTables.columnNames(dataset).contains(EmbeddingSchema.IMAGE_VECTOR);
  }

  /**
   * The {@code k} images nearest to {@code vector} by cosine distance, nearest first; refused when
   * an image was embedded by another model than {@code imageModel} (its vectors are not
   * comparable).
   */
  static List<SearchHit> nearest(
      Dataset dataset,
      float[] vector,
      int k,
      String pathFilter,
      List<String> columns,
      String imageModel,
      String commit)
      throws SearchException {
    // Only rows with an image vector take part, so k images come back when k exist (stock lancedb
    // skips the null vectors of documents and later chunks the same way).
    String filter =
        EmbeddingSchema.IMAGE_VECTOR
            + " IS NOT NULL"
            + (pathFilter == null ? "" : " AND " + pathFilter);
    List<String> withImage = new ArrayList<>(columns);
    withImage.addAll(List.of(EmbeddingSchema.IMAGE_LABELS, EmbeddingSchema.IMAGE_MODEL));
    List<SearchHit> hits = new ArrayList<>(k);
    List<String> models = new ArrayList<>();
    LanceTables.nearestRows(
        dataset,
        EmbeddingSchema.IMAGE_VECTOR,
        vector,
        k,
        filter,
        withImage,
        batch -> {
          List<SearchHit> found =
              TableSearch.hits(batch, r -> 1.0 - TableSearch.distance(batch, r));
          for (int r = 0; r < found.size(); r++) {
            models.add(utf8(batch, EmbeddingSchema.IMAGE_MODEL, r));
            hits.add(found.get(r).withLabels(labels(utf8(batch, EmbeddingSchema.IMAGE_LABELS, r))));
          }
        });
    for (String model : models) {
      if (!model.equals(imageModel)) {
        throw new SearchException(
            "the images at "
                + commit
                + " were embedded with "
                + model
                + ", but "
                + imageModel
                + " is loaded: a query embedded with another model returns wrong neighbours");
      }
    }
    return hits;
  }

  /** The hits, with each image's labels from its chunk 0 (one scan for all of them). */
  static List<SearchHit> labelled(Dataset dataset, List<SearchHit> hits) {
    List<String> paths = hits.stream().filter(SearchHit::isImage).map(SearchHit::path).toList();
    if (paths.isEmpty()) {
      return hits;
    }
    Map<String, List<SearchHit.Label>> byPath = new HashMap<>();
    LanceTables.scan(
        dataset,
        EmbeddingSchema.CHUNK
            + " = 0 AND "
            + EmbeddingSchema.PATH
            + " IN "
            + LanceTables.sqlList(paths),
        List.of(EmbeddingSchema.PATH, EmbeddingSchema.IMAGE_LABELS),
        batch -> {
          for (int r = 0; r < batch.getRowCount(); r++) {
            byPath.put(
                utf8(batch, EmbeddingSchema.PATH, r),
                labels(utf8(batch, EmbeddingSchema.IMAGE_LABELS, r)));
          }
        });
    return hits.stream()
        .map(h -> h.isImage() ? h.withLabels(byPath.getOrDefault(h.path(), List.of())) : h)
        .toList();
  }

  private static List<SearchHit.Label> labels(String json) {
    return ImageLabels.fromJson(json).stream()
        .map(l -> new SearchHit.Label(l.name(), Math.round(l.probability() * 10_000) / 10_000.0))
        .toList();
  }

  /** A nullable string column's value, empty for null. */
  private static String utf8(VectorSchemaRoot batch, String column, int row) {
    VarCharVector vector = (VarCharVector) batch.getVector(column);
    return vector == null || vector.isNull(row) ? "" : vector.getObject(row).toString();
  }
}
