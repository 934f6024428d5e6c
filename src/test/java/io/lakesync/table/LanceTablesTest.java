package io.lakesync.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;
import org.lance.WriteParams;

/** Vector search on a local Lance dataset: no server involved. */
class LanceTablesTest {
  private static final float[] QUERY = {1, 0, 0};

  /**
   * Lance's native library writes its warnings straight to the process's stderr, out of the JVM's
   * reach, so the search runs in a child JVM ({@link Search}) whose stderr is read here.
   */
  @Test
  void vectorSearchesPrintNoWarningToStderr(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Search.class.getName(),
                dir.resolve("t.lance").toString())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stdout = Files.readString(out);
    String stderr = Files.readString(err);

    assertThat(child.exitValue()).as(stderr).isZero();
    assertThat(stdout)
        .contains("nearest [Neighbour[id=x, distance=0.0], Neighbour[id=xy, distance=")
        .contains("nearestRows [id, _distance] [xy, y]");
    assertThat(stderr).doesNotContain("lance::").doesNotContainIgnoringCase("deprecat");
  }

  @Test
  void theDistanceColumnIsAskedForOnce() {
    assertThat(LanceTables.withDistance(List.of("id", "path")))
        .containsExactly("id", "path", "_distance");
    assertThat(LanceTables.withDistance(List.of("_distance", "id")))
        .containsExactly("_distance", "id");
  }

  /** Writes three 3-d vectors and searches them both ways; prints what came back. */
  static final class Search {
    public static void main(String[] args) throws IOException {
      try (BufferAllocator allocator = new RootAllocator();
          VectorSchemaRoot rows = rows(allocator);
          ArrowReader reader = ArrowBatches.reader(rows, allocator);
          Dataset table =
              Dataset.write()
                  .allocator(allocator)
                  .reader(reader)
                  .uri(args[0])
                  .mode(WriteParams.WriteMode.CREATE)
                  .execute()) {
        System.out.println("nearest " + LanceTables.nearest(table, QUERY, 2));
        List<String> columns = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        LanceTables.nearestRows(
            table,
            QUERY,
            2,
            "id != 'x'",
            List.of("id"),
            batch -> {
              batch.getSchema().getFields().forEach(f -> columns.add(f.getName()));
              for (int i = 0; i < batch.getRowCount(); i++) {
                ids.add(batch.getVector("id").getObject(i).toString());
              }
            });
        System.out.println("nearestRows " + columns + " " + ids);
      }
    }

    private static VectorSchemaRoot rows(BufferAllocator allocator) {
      String[] ids = {"x", "xy", "y"};
      float[][] vectors = {{1, 0, 0}, {1, 1, 0}, {0, 1, 0}};
      Field item =
          new Field(
              "item",
              FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
              null);
      Schema schema =
          new Schema(
              List.of(
                  Field.notNullable(LanceTables.ID_COLUMN, new ArrowType.Utf8()),
                  new Field(
                      LanceTables.VECTOR_COLUMN,
                      FieldType.notNullable(new ArrowType.FixedSizeList(3)),
                      List.of(item))));
      VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
      VarCharVector id = (VarCharVector) root.getVector(LanceTables.ID_COLUMN);
      FixedSizeListVector vector = (FixedSizeListVector) root.getVector(LanceTables.VECTOR_COLUMN);
      Float4Vector values = (Float4Vector) vector.getDataVector();
      id.allocateNew(ids.length);
      vector.allocateNew();
      values.allocateNew(ids.length * 3);
      for (int i = 0; i < ids.length; i++) {
        id.setSafe(i, ids[i].getBytes(StandardCharsets.UTF_8));
        vector.setNotNull(i);
        for (int d = 0; d < 3; d++) {
          values.setSafe(i * 3 + d, vectors[i][d]);
        }
      }
      values.setValueCount(ids.length * 3);
      vector.setValueCount(ids.length);
      id.setValueCount(ids.length);
      root.setRowCount(ids.length);
      return root;
    }
  }
}
