package io.lakesync.table;

import io.lakesync.embed.ImageModel;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.ImageColumns;
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
  public static final String MODALITY = "modality";
  public static final String IMAGE_VECTOR = "image_vector";
  public static final String IMAGE_LABELS = "image_labels";
  public static final String OCR_TEXT = "ocr_text";
  public static final String IMAGE_MODEL = "image_model";
  public static final String OCR_ENGINE = "ocr_engine";
  public static final String IMAGE_WIDTH = "image_width";
  public static final String IMAGE_HEIGHT = "image_height";

  private EmbeddingSchema() {}

  /** The schema with the bundled image model's vector size. */
  public static Schema schema(int dimension) {
    return schema(dimension, ImageModel.DIMENSION);
  }

  /**
   * The columns, in order. The image columns come last, so a table written before images existed
   * has a prefix of them; {@code image_vector} is null on every row but an image's first.
   */
  public static Schema schema(int dimension, int imageDimension) {
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
            floats(LanceTables.VECTOR_COLUMN, dimension, false),
            utf8(MODALITY),
            floats(IMAGE_VECTOR, imageDimension, true),
            utf8(IMAGE_LABELS),
            utf8(OCR_TEXT),
            utf8(IMAGE_MODEL),
            utf8(OCR_ENGINE),
            int32(IMAGE_WIDTH),
            int32(IMAGE_HEIGHT)));
  }

  private static Field floats(String name, int dimension, boolean nullable) {
    FieldType list = new FieldType(nullable, new ArrowType.FixedSizeList(dimension), null);
    return new Field(
        name,
        list,
        List.of(
            new Field(
                "item",
                FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                null)));
  }

  /**
   * The image vectors' length in {@code rows}: the first image vector's, or {@code fallback} when
   * no row has one (a sync that wrote no image keeps the table's).
   */
  public static int imageDimension(List<EmbeddingRow> rows, int fallback) {
    return rows.stream()
        .filter(r -> r.image() != null && r.image().vector() != null)
        .mapToInt(r -> r.image().vector().length)
        .findFirst()
        .orElse(fallback);
  }

  /** A batch holding {@code rows}, with the bundled image model's vector size. */
  public static VectorSchemaRoot toArrow(
      List<EmbeddingRow> rows, int dimension, BufferAllocator allocator) {
    return toArrow(rows, dimension, ImageModel.DIMENSION, allocator);
  }

  /** A batch holding {@code rows}; the caller closes it. */
  public static VectorSchemaRoot toArrow(
      List<EmbeddingRow> rows, int dimension, int imageDimension, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema(dimension, imageDimension), allocator);
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
      setImageColumns(root, r, row);
    }
    values.setValueCount(rows.size() * dimension);
    FixedSizeListVector images = (FixedSizeListVector) root.getVector(IMAGE_VECTOR);
    images.getDataVector().setValueCount(rows.size() * images.getListSize());
    root.setRowCount(rows.size());
    return root;
  }

  private static void setImageColumns(VectorSchemaRoot root, int r, EmbeddingRow row) {
    ImageColumns image = row.image();
    setUtf8(root.getVector(MODALITY), r, row.modality());
    setUtf8(root.getVector(IMAGE_LABELS), r, image == null ? "" : image.labels());
    setUtf8(root.getVector(OCR_TEXT), r, image == null ? "" : image.ocrText());
    setUtf8(root.getVector(IMAGE_MODEL), r, image == null ? "" : image.imageModel());
    setUtf8(root.getVector(OCR_ENGINE), r, image == null ? "" : image.ocrEngine());
    ((IntVector) root.getVector(IMAGE_WIDTH)).setSafe(r, image == null ? 0 : image.width());
    ((IntVector) root.getVector(IMAGE_HEIGHT)).setSafe(r, image == null ? 0 : image.height());
    FixedSizeListVector images = (FixedSizeListVector) root.getVector(IMAGE_VECTOR);
    Float4Vector values = (Float4Vector) images.getDataVector();
    int size = images.getListSize();
    if (image == null || image.vector() == null) {
      images.setNull(r);
      // A null list still owns its slots in the child vector; fill them so offsets line up.
      for (int d = 0; d < size; d++) {
        values.setSafe(r * size + d, 0f);
      }
      return;
    }
    if (image.vector().length != size) {
      throw new IllegalArgumentException(
          row.id() + " has a " + image.vector().length + "-dim image vector, table is " + size);
    }
    images.setNotNull(r);
    for (int d = 0; d < size; d++) {
      values.setSafe(r * size + d, image.vector()[d]);
    }
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
              vector,
              imageColumns(batch, r)));
    }
    return rows;
  }

  /** Null for a document's row, and for every row of a table written before images existed. */
  private static ImageColumns imageColumns(VectorSchemaRoot batch, int r) {
    if (batch.getVector(MODALITY) == null || !EmbeddingRow.IMAGE.equals(utf8(batch, MODALITY, r))) {
      return null;
    }
    float[] vector = null;
    FixedSizeListVector images = (FixedSizeListVector) batch.getVector(IMAGE_VECTOR);
    if (images != null && !images.isNull(r)) {
      Float4Vector values = (Float4Vector) images.getDataVector();
      int size = images.getListSize();
      vector = new float[size];
      for (int d = 0; d < size; d++) {
        vector[d] = values.get(r * size + d);
      }
    }
    return new ImageColumns(
        vector,
        optionalUtf8(batch, IMAGE_LABELS, r),
        optionalUtf8(batch, OCR_TEXT, r),
        optionalUtf8(batch, IMAGE_MODEL, r),
        optionalUtf8(batch, OCR_ENGINE, r),
        optionalInt(batch, IMAGE_WIDTH, r),
        optionalInt(batch, IMAGE_HEIGHT, r));
  }

  private static int optionalInt(VectorSchemaRoot batch, String column, int row) {
    return batch.getVector(column) == null ? 0 : ((IntVector) batch.getVector(column)).get(row);
  }

  private static String optionalUtf8(VectorSchemaRoot batch, String column, int row) {
    return batch.getVector(column) == null ? "" : utf8(batch, column, row);
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
