package io.lakesync.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.TableState;
import io.lakesync.testing.VectorRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.fragment.DataFile;

/**
 * A table's directory holds what its readers need, not every version every sync made nor the files
 * of writers that never committed.
 */
class TableHistoryTest {
  private static final int DIM = 4;
  private static final LanceLocation LOCATION =
      new LanceLocation("repo", "main", "lancedb/docs.lance");

  @Test
  void filesOfAWriterThatNeverCommittedGoOnceTheVersionsBeforeThemAgeOut(@TempDir Path dir)
      throws IOException {
    try (BufferAllocator allocator = new RootAllocator()) {
      LanceTables tables = LanceTables.onLocalDisk(allocator, dir);
      EmbeddingTable table = new EmbeddingTable(tables, allocator, LOCATION, DIM);
      table.apply(rows(0, 20, 0), List.of(), state(0));
      // A writer that died before committing: files no version references.
      table.writeFragments(rows(100, 110, 0), 0);
      Set<String> orphans = dataFiles(dir);
      orphans.removeAll(referencedDataFiles(tables));
      assertThat(orphans).isNotEmpty();

      List<EmbeddingRow> changed = rows(5, 10, 1);
      table.apply(changed, changed.stream().map(EmbeddingRow::path).toList(), state(1));
      try (Dataset latest = tables.open(LOCATION)) {
        // Versions younger than the grace period stay for readers that opened one of them, and
        // with them, files younger than the oldest of them (Lance cannot tell those from a write
        // in progress by their age).
        assertThat(latest.listVersions()).hasSizeGreaterThan(1);
        assertThat(dataFiles(dir)).containsAll(orphans);

        TableHistory.prune(latest, Instant.now().plus(TableHistory.GRACE).plusSeconds(60));
      }

      assertThat(dataFiles(dir)).doesNotContainAnyElementsOf(orphans);
      assertThat(dataFiles(dir)).isEqualTo(referencedDataFiles(tables));
      assertThat(table.countRows()).isEqualTo(20);
    }
  }

  @Test
  void versionsPastTheGracePeriodAndTheFilesOnlyTheyUsedAreRemoved(@TempDir Path dir)
      throws IOException {
    try (BufferAllocator allocator = new RootAllocator()) {
      LanceTables tables = LanceTables.onLocalDisk(allocator, dir);
      EmbeddingTable table = new EmbeddingTable(tables, allocator, LOCATION, DIM);
      table.apply(rows(0, 20, 0), List.of(), state(0));
      for (int sync = 1; sync <= 3; sync++) {
        List<EmbeddingRow> changed = rows(sync, sync + 5, sync);
        table.apply(changed, changed.stream().map(EmbeddingRow::path).toList(), state(sync));
      }
      List<EmbeddingRow> expected = new ArrayList<>();
      try (Dataset latest = tables.open(LOCATION)) {
        assertThat(latest.listVersions()).hasSizeGreaterThan(4);
        // Object 0 never changed: its row is from the first sync's files.
        expected.addAll(rows(0, 1, 0));

        TableHistory.prune(latest, Instant.now().plus(TableHistory.GRACE).plusSeconds(60));
      }

      try (Dataset latest = tables.open(LOCATION)) {
        assertThat(latest.listVersions()).hasSize(1);
        assertThat(LanceTables.nearest(latest, expected.get(0).vector(), 1))
            .extracting(Neighbour::id)
            .containsExactly(expected.get(0).id());
      }
      assertThat(dataFiles(dir)).isEqualTo(referencedDataFiles(tables));
      assertThat(table.countRows()).isEqualTo(20);
    }
  }

  private static Set<String> dataFiles(Path root) throws IOException {
    Path data = root.resolve("repo/main/lancedb/docs.lance/data");
    try (Stream<Path> files = Files.list(data)) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  private static Set<String> referencedDataFiles(LanceTables tables) {
    try (Dataset latest = tables.open(LOCATION)) {
      return latest.getFragments().stream()
          .map(Fragment::metadata)
          .flatMap(f -> f.getFiles().stream())
          .map(DataFile::getPath)
          .map(p -> Path.of(p).getFileName().toString())
          .collect(Collectors.toSet());
    }
  }

  private static List<EmbeddingRow> rows(int from, int to, int generation) {
    List<EmbeddingRow> rows = new ArrayList<>();
    for (int object = from; object < to; object++) {
      rows.add(VectorRows.objectRow(object, generation, DIM));
    }
    return rows;
  }

  private static TableState state(int sync) {
    return new TableState("commit-" + sync, "test@1", "fingerprint", "test");
  }
}
