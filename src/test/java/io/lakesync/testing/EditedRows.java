package io.lakesync.testing;

import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.ImageColumns;

/**
 * Copies of table rows with one field changed (image columns kept): how tests plant a defect the
 * gate must find.
 */
public final class EditedRows {
  private EditedRows() {}

  public static EmbeddingRow withVector(EmbeddingRow r, float[] vector) {
    return new EmbeddingRow(
        r.id(),
        r.path(),
        r.chunk(),
        r.start(),
        r.end(),
        r.text(),
        r.context(),
        r.textSha256(),
        r.objectChecksum(),
        r.sourceCommit(),
        r.model(),
        vector,
        r.image());
  }

  public static EmbeddingRow withModel(EmbeddingRow r, String model) {
    return new EmbeddingRow(
        r.id(),
        r.path(),
        r.chunk(),
        r.start(),
        r.end(),
        r.text(),
        r.context(),
        r.textSha256(),
        r.objectChecksum(),
        r.sourceCommit(),
        model,
        r.vector(),
        r.image());
  }

  /** The row with other image columns (an image's row), or none (a document's). */
  public static EmbeddingRow withImage(EmbeddingRow r, ImageColumns image) {
    return new EmbeddingRow(
        r.id(),
        r.path(),
        r.chunk(),
        r.start(),
        r.end(),
        r.text(),
        r.context(),
        r.textSha256(),
        r.objectChecksum(),
        r.sourceCommit(),
        r.model(),
        r.vector(),
        image);
  }
}
