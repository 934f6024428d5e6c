package io.lakesync.testing;

import io.lakesync.sync.EmbeddingRow;
import io.lakesync.table.LanceTables;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Arrow batches of {@code (id, vector)} rows with reproducible pseudo-random unit vectors. */
public final class VectorRows {
  private VectorRows() {}

  public static Schema schema(int dimension) {
    Field element =
        new Field(
            "item",
            FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
            null);
    return new Schema(
        List.of(
            new Field(LanceTables.ID_COLUMN, FieldType.notNullable(new ArrowType.Utf8()), null),
            new Field(
                LanceTables.VECTOR_COLUMN,
                FieldType.notNullable(new ArrowType.FixedSizeList(dimension)),
                List.of(element))));
  }

  /** Rows {@code prefix0 … prefix(n-1)}; the same seed gives the same vectors. */
  public static VectorSchemaRoot random(
      BufferAllocator allocator, String prefix, int n, int dimension, long seed) {
    Random random = new Random(seed);
    VectorSchemaRoot root = VectorSchemaRoot.create(schema(dimension), allocator);
    root.allocateNew();
    VarCharVector ids = (VarCharVector) root.getVector(LanceTables.ID_COLUMN);
    FixedSizeListVector vectors = (FixedSizeListVector) root.getVector(LanceTables.VECTOR_COLUMN);
    Float4Vector values = (Float4Vector) vectors.getDataVector();
    values.allocateNew(n * dimension);
    for (int row = 0; row < n; row++) {
      ids.setSafe(row, (prefix + row).getBytes(StandardCharsets.UTF_8));
      vectors.setNotNull(row);
      float[] v = unitVector(random, dimension);
      for (int d = 0; d < dimension; d++) {
        values.setSafe(row * dimension + d, v[d]);
      }
    }
    values.setValueCount(n * dimension);
    root.setRowCount(n);
    return root;
  }

  /**
   * The row of one chunk of {@code docs/object-<object>.md} as its {@code generation}-th version
   * wrote it: a vector, hash and commit of its own per object and generation, the same every time.
   */
  public static EmbeddingRow objectRow(int object, int generation, int dimension) {
    return objectRow(
        object, generation, dimension, "object " + object + " generation " + generation);
  }

  /** As above, with {@code text} as the chunk's text. */
  public static EmbeddingRow objectRow(int object, int generation, int dimension, String text) {
    Random random = new Random(object * 1_000L + generation);
    float[] vector = new float[dimension];
    for (int d = 0; d < dimension; d++) {
      vector[d] = random.nextFloat() - 0.5f;
    }
    String path = "docs/object-" + object + ".md";
    return new EmbeddingRow(
        EmbeddingRow.idOf(path, 0),
        path,
        0,
        0,
        text.length(),
        text,
        "",
        "hash-" + object + "-" + generation,
        "checksum-" + object,
        "commit-" + generation,
        "test@1",
        vector,
        null);
  }

  public static float[] unitVector(Random random, int dimension) {
    float[] v = new float[dimension];
    double norm = 0;
    for (int d = 0; d < dimension; d++) {
      v[d] = (float) random.nextGaussian();
      norm += v[d] * v[d];
    }
    norm = Math.sqrt(norm);
    for (int d = 0; d < dimension; d++) {
      v[d] /= (float) norm;
    }
    return v;
  }
}
