package io.lakesync.testing;

import io.lakesync.sync.EmbeddingRow;

/** Copies of table rows with one field changed: how tests plant a defect the gate must find. */
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
        vector);
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
        r.vector());
  }
}
