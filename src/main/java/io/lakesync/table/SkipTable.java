package io.lakesync.table;

import io.lakesync.sync.SkipRecord;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;

/**
 * The objects a table skipped, with their reasons: a small Lance table beside the vectors ({@code
 * lancedb/docs.lance} → {@code lancedb/docs.skipped.lance}, see {@code TableConfig#skippedPath}),
 * written in the same lakeFS commit.
 *
 * <p>A separate table, not rows in the vector table: rows without vectors would break every vector
 * search. Not table metadata either: a repository of a million images would put a million entries
 * into every manifest. Stock LanceDB clients can read it ("why is this file not indexed?"), and the
 * quality gate reads it to count skipped objects apart from missing ones.
 */
public final class SkipTable {
  public static final String PATH = "path";
  public static final String REASON = "reason";
  public static final String DETAIL = "detail";
  public static final String OBJECT_CHECKSUM = "object_checksum";
  public static final String SOURCE_COMMIT = "source_commit";
  private static final List<String> COLUMNS =
      List.of(PATH, REASON, DETAIL, OBJECT_CHECKSUM, SOURCE_COMMIT);
  private static final Schema SCHEMA =
      new Schema(
          COLUMNS.stream()
              .map(c -> new Field(c, FieldType.notNullable(new ArrowType.Utf8()), null))
              .toList());

  private final LanceTables tables;
  private final BufferAllocator allocator;
  private final LanceLocation location;

  public SkipTable(LanceTables tables, BufferAllocator allocator, LanceLocation location) {
    this.tables = tables;
    this.allocator = allocator;
    this.location = location;
  }

  public LanceLocation location() {
    return location;
  }

  /**
   * Replaces the records of {@code touchedPaths} with {@code skips} (each of which must be for a
   * touched path). Creates the table on the first skip, and writes nothing when nothing changes.
   */
  public void apply(List<SkipRecord> skips, Collection<String> touchedPaths) {
    Optional<Dataset> existing = open();
    if (existing.isEmpty()) {
      if (!skips.isEmpty()) {
        try (VectorSchemaRoot batch = toArrow(skips);
            Dataset created = tables.create(location, batch)) {
          created.version();
        }
      }
      return;
    }
    if (skips.isEmpty() && touchedPaths.isEmpty()) {
      existing.get().close();
      return;
    }
    try (VectorSchemaRoot batch = toArrow(skips);
        Dataset written = tables.mergeInsert(existing.get(), PATH, batch, PATH, touchedPaths)) {
      written.version();
    }
  }

  /** Every record by path; empty when the table never skipped anything. */
  public Map<String, SkipRecord> read() {
    Map<String, SkipRecord> records = new HashMap<>();
    Optional<Dataset> dataset = open();
    if (dataset.isEmpty()) {
      return records;
    }
    try (Dataset table = dataset.get()) {
      LanceTables.scan(
          table,
          null,
          COLUMNS,
          batch -> {
            for (int r = 0; r < batch.getRowCount(); r++) {
              SkipRecord record =
                  new SkipRecord(
                      utf8(batch, PATH, r),
                      utf8(batch, REASON, r),
                      utf8(batch, DETAIL, r),
                      utf8(batch, OBJECT_CHECKSUM, r),
                      utf8(batch, SOURCE_COMMIT, r));
              records.put(record.path(), record);
            }
          });
    }
    return records;
  }

  private Optional<Dataset> open() {
    return tables.openIfExists(location);
  }

  private VectorSchemaRoot toArrow(List<SkipRecord> skips) {
    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
    root.allocateNew();
    for (int r = 0; r < skips.size(); r++) {
      SkipRecord s = skips.get(r);
      set(root.getVector(PATH), r, s.path());
      set(root.getVector(REASON), r, s.reason());
      set(root.getVector(DETAIL), r, s.detail());
      set(root.getVector(OBJECT_CHECKSUM), r, s.objectChecksum());
      set(root.getVector(SOURCE_COMMIT), r, s.sourceCommit());
    }
    root.setRowCount(skips.size());
    return root;
  }

  private static void set(FieldVector vector, int row, String value) {
    ((VarCharVector) vector).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String utf8(VectorSchemaRoot batch, String column, int row) {
    return ((VarCharVector) batch.getVector(column)).getObject(row).toString();
  }
}
