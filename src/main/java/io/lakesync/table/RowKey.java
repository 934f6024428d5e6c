package io.lakesync.table;

import java.util.List;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A row's identity and provenance without its text or vector: enough to tell which object and
 * object version it came from, which model made it, and whether it changed between two versions of
 * the table.
 */
public record RowKey(
    String id, String path, String objectChecksum, String model, String textSha256) {
  static final List<String> COLUMNS =
      List.of(
          LanceTables.ID_COLUMN,
          EmbeddingSchema.PATH,
          EmbeddingSchema.OBJECT_CHECKSUM,
          EmbeddingSchema.MODEL,
          EmbeddingSchema.TEXT_SHA256);

  static RowKey of(VectorSchemaRoot batch, int row) {
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
