package io.lakesync.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.TableState;
import io.lakesync.testing.VectorRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;

/**
 * The full-text indexes kept up to date through deletions and a compaction, the history on which
 * Lance 7.0.0's incremental inverted-index merge aborts the whole process (lance-format/lance#8310:
 * an index out of bounds in {@code InnerBuilder::merge_from}, a panic that cannot unwind through
 * JNI). Local disk: no server.
 */
class TextIndexTest {
  private static final int DIM = 4;
  private static final LanceLocation LOCATION =
      new LanceLocation("repo", "main", "lancedb/docs.lance");

  @Test
  void anIndexDueAfterDeletesAndACompactionIsRebuiltAndFindsOnlyTheLiveRows(@TempDir Path dir) {
    try (BufferAllocator allocator = new RootAllocator()) {
      LanceTables tables = LanceTables.onLocalDisk(allocator, dir);
      EmbeddingTable table = new EmbeddingTable(tables, allocator, LOCATION, DIM);
      List<EmbeddingRow> seed = new ArrayList<>();
      for (int object = 0; object < 2_000; object++) {
        seed.add(row(object, 0));
      }
      table.write(seed, List.of(), state(), 0);
      table.finish(state());
      assertThat(table.indexes()).contains("text_fts", "context_fts");

      for (int round = 1; round <= 4; round++) {
        // Removed objects take the words only they had out of the index's token set...
        List<String> removed = new ArrayList<>();
        for (int object = round * 300; object < round * 300 + 200; object++) {
          removed.add(path(object));
        }
        table.write(List.of(), removed, state(), 0);
        try (Dataset latest = tables.open(LOCATION)) {
          latest.compact();
        }
        // ...and new objects bring words the index has never seen, past the rewrite threshold.
        List<EmbeddingRow> added = new ArrayList<>();
        for (int object = 10_000 * round; object < 10_000 * round + 100; object++) {
          added.add(row(object, round));
        }
        table.write(added, List.of(), state(), 0);
        table.finish(state());

        try (Dataset latest = tables.open(LOCATION)) {
          assertThat(IndexCoverage.uncoveredRows(latest, "text_fts")).isZero();
          assertThat(matches(latest, word(10_000 * round + 7)))
              .containsExactly(path(10_000 * round + 7));
          assertThat(matches(latest, word(round * 300 + 5))).isEmpty();
          assertThat(matches(latest, word(5))).containsExactly(path(5));
        }
      }
    }
  }

  private static List<String> matches(Dataset table, String word) {
    List<String> paths = new ArrayList<>();
    LanceTables.fullTextRows(
        table,
        word,
        List.of(EmbeddingSchema.TEXT),
        10,
        null,
        List.of(EmbeddingSchema.PATH),
        batch -> {
          VarCharVector path = (VarCharVector) batch.getVector(EmbeddingSchema.PATH);
          for (int i = 0; i < batch.getRowCount(); i++) {
            paths.add(path.getObject(i).toString());
          }
        });
    return paths;
  }

  private static TableState state() {
    return new TableState("commit", "test@1", "fingerprint", "test");
  }

  private static String path(int object) {
    return "docs/object-" + object + ".md";
  }

  /** A word only this object's text has. */
  private static String word(int object) {
    StringBuilder word = new StringBuilder("zq");
    for (char c : Integer.toString(object).toCharArray()) {
      word.append((char) ('a' + (c - '0')));
    }
    return word.toString();
  }

  private static EmbeddingRow row(int object, int generation) {
    return VectorRows.objectRow(
        object, generation, DIM, "shared words for every object and " + word(object));
  }
}
