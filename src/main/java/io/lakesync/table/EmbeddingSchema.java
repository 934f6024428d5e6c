package io.lakesync.table;

import io.lakesync.sync.EmbeddingRow;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The Arrow schema of a lakesync table and the conversion of rows into Arrow batches. */
public final class EmbeddingSchema {
  public static final String PATH = "path";
  public static final String CHUNK = "chunk";
  public static final String START = "start";
  public static final String END = "end";
  public static final String TEXT = "text";
  public static final String CONTEXT = "context";
  public static final String TEXT_SHA256 = "text_sha256";
  public static final String OBJECT_CHECKSUM = "object_checksum";
  public static final String SOURCE_COMMIT = "source_commit";
  public static final String MODEL = "model";

  private EmbeddingSchema() {}

  public static Schema schema(int dimension) {
    return new Schema(
        List.of(
            utf8(LanceTables.ID_COLUMN),
            utf8(PATH),
            int32(CHUNK),
            int32(START),
            int32(END),
            utf8(TEXT),
            utf8(CONTEXT),
            utf8(TEXT_SHA256),
            utf8(OBJECT_CHECKSUM),
            utf8(SOURCE_COMMIT),
            utf8(MODEL),
            new Field(
                LanceTables.VECTOR_COLUMN,
                FieldType.notNullable(new ArrowType.FixedSizeList(dimension)),
                List.of(
                    new Field(
                        "item",
                        FieldType.notNullable(
                            new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                        null)))));
  }

  /** A batch holding {@code rows}; the caller closes it. */
  public static VectorSchemaRoot toArrow(
      List<EmbeddingRow> rows, int dimension, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema(dimension), allocator);
    root.allocateNew();
    FixedSizeListVector vectors = (FixedSizeListVector) root.getVector(LanceTables.VECTOR_COLUMN);
    Float4Vector values = (Float4Vector) vectors.getDataVector();
    values.allocateNew(Math.max(1, rows.size() * dimension));
    for (int r = 0; r < rows.size(); r++) {
      EmbeddingRow row = rows.get(r);
      if (row.vector().length != dimension) {
        throw new IllegalArgumentException(
            row.id() + " has a " + row.vector().length + "-dim vector, table is " + dimension);
      }
      setUtf8(root.getVector(LanceTables.ID_COLUMN), r, row.id());
      setUtf8(root.getVector(PATH), r, row.path());
      ((IntVector) root.getVector(CHUNK)).setSafe(r, row.chunk());
      ((IntVector) root.getVector(START)).setSafe(r, row.start());
      ((IntVector) root.getVector(END)).setSafe(r, row.end());
      setUtf8(root.getVector(TEXT), r, row.text());
      setUtf8(root.getVector(CONTEXT), r, row.context());
      setUtf8(root.getVector(TEXT_SHA256), r, row.textSha256());
      setUtf8(root.getVector(OBJECT_CHECKSUM), r, row.objectChecksum());
      setUtf8(root.getVector(SOURCE_COMMIT), r, row.sourceCommit());
      setUtf8(root.getVector(MODEL), r, row.model());
      vectors.setNotNull(r);
      for (int d = 0; d < dimension; d++) {
        values.setSafe(r * dimension + d, row.vector()[d]);
      }
    }
    values.setValueCount(rows.size() * dimension);
    root.setRowCount(rows.size());
    return root;
  }

  /** The rows of a batch read back from a lakesync table. */
  public static List<EmbeddingRow> fromArrow(VectorSchemaRoot batch, int dimension) {
    List<EmbeddingRow> rows = new java.util.ArrayList<>(batch.getRowCount());
    FixedSizeListVector vectors = (FixedSizeListVector) batch.getVector(LanceTables.VECTOR_COLUMN);
    Float4Vector values = (Float4Vector) vectors.getDataVector();
    for (int r = 0; r < batch.getRowCount(); r++) {
      float[] vector = new float[dimension];
      for (int d = 0; d < dimension; d++) {
        vector[d] = values.get(r * dimension + d);
      }
      rows.add(
          new EmbeddingRow(
              utf8(batch, LanceTables.ID_COLUMN, r),
              utf8(batch, PATH, r),
              ((IntVector) batch.getVector(CHUNK)).get(r),
              ((IntVector) batch.getVector(START)).get(r),
              ((IntVector) batch.getVector(END)).get(r),
              utf8(batch, TEXT, r),
              batch.getVector(CONTEXT) == null ? "" : utf8(batch, CONTEXT, r),
              utf8(batch, TEXT_SHA256, r),
              utf8(batch, OBJECT_CHECKSUM, r),
              utf8(batch, SOURCE_COMMIT, r),
              utf8(batch, MODEL, r),
              vector));
    }
    return rows;
  }

  private static String utf8(VectorSchemaRoot batch, String column, int row) {
    return ((VarCharVector) batch.getVector(column)).getObject(row).toString();
  }

  private static void setUtf8(FieldVector vector, int row, String value) {
    ((VarCharVector) vector).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
  }

  private static Field utf8(String name) {
    return new Field(name, FieldType.notNullable(new ArrowType.Utf8()), null);
  }

  private static Field int32(String name) {
    return new Field(name, FieldType.notNullable(new ArrowType.Int(32, true)), null);
  }
}
