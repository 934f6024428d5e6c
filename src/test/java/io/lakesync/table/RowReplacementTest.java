package io.lakesync.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.TableState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;
import org.lance.Transaction;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;

/**
 * A sync's write on a table big enough for the {@code id} and {@code path} indexes: the rows it
 * replaces are found through them, and the table holds exactly what the {@code VectorStore}
 * contract says (InMemoryVectorStore's write, replayed here) after every sync, through index
 * rewrites and a compaction that remaps the indexes. Local disk: no server.
 */
class RowReplacementTest {
  private static final int DIM = 4;
  private static final int OBJECTS = (int) (ScalarIndexes.MIN_ROWS / 4);
  private static final LanceLocation LOCATION =
      new LanceLocation("repo", "main", "lancedb/docs.lance");

  @Test
  void replacedRowsAreATablesTouchedPathsAndTheIdsOfRowsOnOtherPaths() {
    List<EmbeddingRow> rows = List.of(row(1, 0, 0), row(1, 1, 0), row(2, 3, 0));
    assertThat(EmbeddingTable.replacedRows(rows, List.of(path(1), path(9))))
        .isEqualTo(
            "path IN ('docs/d1/object-1.md', 'docs/d9/object-9.md')"
                + " OR id IN ('docs/d2/object-2.md#3')");
    assertThat(EmbeddingTable.replacedRows(rows.subList(2, 3), List.of()))
        .isEqualTo("id IN ('docs/d2/object-2.md#3')");
  }

  @Test
  void indexedReplacementsKeepTheTableEqualToTheContractThroughRewritesAndCompaction(
      @TempDir Path dir) {
    try (BufferAllocator allocator = new RootAllocator()) {
      LanceTables tables = LanceTables.onLocalDisk(allocator, dir);
      EmbeddingTable table = new EmbeddingTable(tables, allocator, LOCATION, DIM);
      Map<String, EmbeddingRow> expected = new TreeMap<>();
      List<EmbeddingRow> seed = new ArrayList<>();
      for (int object = 0; object < OBJECTS; object++) {
        seed.addAll(object(object, 4, 0));
      }
      write(table, expected, seed, List.of());
      table.finish(state(0));
      assertThat(table.indexes()).contains("id_idx", "path_idx", "text_fts", "context_fts");

      Random random = new Random(7);
      boolean rewritten = false;
      for (int sync = 1; sync <= 12; sync++) {
        long before = version(tables);
        List<EmbeddingRow> rows = new ArrayList<>();
        Set<String> touched = new HashSet<>();
        for (int k = 0; k < 10; k++) {
          // Changed objects grow or shrink; some are removed; some are new.
          int object = random.nextInt(OBJECTS + 50);
          touched.add(path(object));
          if (random.nextInt(5) > 0) {
            rows.addAll(object(object, 1 + random.nextInt(6), sync));
          }
        }
        // The rest of a large object, whose first rows a previous batch wrote: replaced by id.
        int large = random.nextInt(OBJECTS);
        List<EmbeddingRow> largeRows = object(large, 8, sync);
        write(table, expected, largeRows.subList(0, 3), List.of(path(large)));
        write(table, expected, rows, touched);
        write(table, expected, largeRows.subList(3, 8), List.of());
        // A resumed run writes a batch again: the same rows, nothing doubled.
        write(table, expected, largeRows.subList(3, 8), List.of());
        if (sync == 8) {
          try (Dataset latest = tables.open(LOCATION)) {
            latest.compact();
          }
        }
        table.finish(state(sync));

        assertThat(rows(tables, null, true)).as("sync %d", sync).isEqualTo(ids(expected));
        String probe = "path IN ('" + path(large) + "', '" + path(random.nextInt(OBJECTS)) + "')";
        assertThat(rows(tables, probe, true)).isEqualTo(rows(tables, probe, false)).isNotEmpty();
        if (sync != 8) {
          // One commit per batch written. (Lance's Java binding cannot read a compaction's
          // transaction back: its rewritten indexes fail to convert.)
          assertThat(dataOperations(tables, before))
              .containsExactly("Update", "Update", "Update", "Update");
        }
        try (Dataset latest = tables.open(LOCATION)) {
          rewritten |= IndexCoverage.uncoveredRows(latest, "id_idx") == 0;
          assertThat(latest.listIndexes()).contains("id_idx", "path_idx");
        }
      }
      assertThat(rewritten).as("the indexes were brought up to date at least once").isTrue();
    }
  }

  /** One batch through EmbeddingTable.write, and the same through the contract. */
  private static void write(
      EmbeddingTable table,
      Map<String, EmbeddingRow> expected,
      List<EmbeddingRow> rows,
      Collection<String> touched) {
    table.write(rows, touched, state(99), 0);
    Set<String> ids = new HashSet<>();
    rows.forEach(r -> ids.add(r.id()));
    expected.values().removeIf(r -> touched.contains(r.path()) && !ids.contains(r.id()));
    rows.forEach(r -> expected.put(r.id(), r));
  }

  private static List<String> ids(Map<String, EmbeddingRow> rows) {
    return rows.values().stream().map(r -> r.id() + " " + r.text()).sorted().toList();
  }

  /** Every row's id and text matching {@code filter}, sorted; with or without scalar indexes. */
  private static List<String> rows(LanceTables tables, String filter, boolean useIndexes) {
    List<String> rows = new ArrayList<>();
    try (Dataset table = tables.open(LOCATION)) {
      ScanOptions.Builder options =
          new ScanOptions.Builder()
              .columns(List.of(LanceTables.ID_COLUMN, EmbeddingSchema.TEXT))
              .useScalarIndex(useIndexes);
      if (filter != null) {
        options.filter(filter);
      }
      LanceScanner scanner = table.newScan(options.build());
      try (ArrowReader reader = scanner.scanBatches()) {
        while (reader.loadNextBatch()) {
          VarCharVector id = (VarCharVector) reader.getVectorSchemaRoot().getVector(0);
          VarCharVector text = (VarCharVector) reader.getVectorSchemaRoot().getVector(1);
          for (int i = 0; i < id.getValueCount(); i++) {
            rows.add(id.getObject(i) + " " + text.getObject(i));
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      } finally {
        LanceTables.closeQuietly(scanner);
      }
    }
    rows.sort(null);
    return rows;
  }

  private static long version(LanceTables tables) {
    try (Dataset table = tables.open(LOCATION)) {
      return table.version();
    }
  }

  /** The operations of the versions after {@code from} that changed rows. */
  private static List<String> dataOperations(LanceTables tables, long from) {
    List<String> operations = new ArrayList<>();
    try (Dataset latest = tables.open(LOCATION)) {
      for (long v = from + 1; v <= latest.version(); v++) {
        try (Dataset version = latest.checkoutVersion(v);
            Transaction tx = version.readTransaction().orElseThrow()) {
          String name = tx.operation().name();
          if (!name.equals("UpdateConfig") && !name.equals("CreateIndex")) {
            operations.add(name);
          }
        }
      }
    }
    return operations;
  }

  private static String path(int object) {
    return "docs/d" + (object % 100) + "/object-" + object + ".md";
  }

  private static List<EmbeddingRow> object(int object, int chunks, int generation) {
    List<EmbeddingRow> rows = new ArrayList<>(chunks);
    for (int chunk = 0; chunk < chunks; chunk++) {
      rows.add(row(object, chunk, generation));
    }
    return rows;
  }

  private static EmbeddingRow row(int object, int chunk, int generation) {
    Random random = new Random(object * 1_000L + chunk * 10L + generation);
    float[] vector = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      vector[d] = random.nextFloat() - 0.5f;
    }
    String path = path(object);
    String text = "object " + object + " chunk " + chunk + " generation " + generation;
    return new EmbeddingRow(
        EmbeddingRow.idOf(path, chunk),
        path,
        chunk,
        0,
        text.length(),
        text,
        "",
        "hash-" + object + "-" + chunk + "-" + generation,
        "checksum-" + object + "-" + generation,
        "commit-" + generation,
        "test@1",
        vector,
        null);
  }

  private static TableState state(int sync) {
    return new TableState("commit-" + sync, "test@1", "fp", "test");
  }
}
