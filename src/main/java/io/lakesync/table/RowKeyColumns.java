package io.lakesync.table;

import io.lakesync.sync.RowKey;
import java.util.List;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads {@link RowKey}s from a scanned batch of the embedding table: the columns it needs. */
final class RowKeyColumns {
  static final List<String> COLUMNS =
      List.of(
          LanceTables.ID_COLUMN,
          EmbeddingSchema.PATH,
          EmbeddingSchema.OBJECT_CHECKSUM,
          EmbeddingSchema.MODEL,
          EmbeddingSchema.TEXT_SHA256);

  private RowKeyColumns() {}

  static RowKey read(VectorSchemaRoot batch, int row) {
    return new RowKey(
        utf8(batch, LanceTables.ID_COLUMN, row),
        utf8(batch, EmbeddingSchema.PATH, row),
        utf8(batch, EmbeddingSchema.OBJECT_CHECKSUM, row),
        utf8(batch, EmbeddingSchema.MODEL, row),
        utf8(batch, EmbeddingSchema.TEXT_SHA256, row));
  }

  private static String utf8(VectorSchemaRoot batch, String column, int row) {
    return ((VarCharVector) batch.getVector(column)).getObject(row).toString();
  }
}
