package io.lakesync.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.TableState;
import io.lakesync.testing.VectorRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;
import org.lance.FragmentMetadata;
import org.lance.index.Index;

/**
 * A sync of a few rows into an indexed table must not rebuild the vector index: Lance's default
 * optimisation rewrites every partition of it (seconds at 20 k rows, minutes at a million), so each
 * sync adds a delta segment instead, and piled-up deltas are merged without the first build.
 */
class VectorIndexPolicyTest {
  private static final int DIM = 8;
  private static final LanceLocation LOCATION =
      new LanceLocation("repo", "main", "lancedb/docs.lance");

  @Test
  void syncsAddDeltaSegmentsAndNeverRewriteTheFirstBuild(@TempDir Path dir) {
    try (BufferAllocator allocator = new RootAllocator()) {
      LanceTables tables = LanceTables.onLocalDisk(allocator, dir);
      EmbeddingTable table =
          new EmbeddingTable(tables, allocator, LOCATION, DIM, new VectorIndexPolicy(256));
      List<EmbeddingRow> all = new ArrayList<>();
      for (int object = 0; object < 300; object++) {
        all.add(row(object, 0));
      }
      table.apply(all, List.of(), state(0));
      UUID firstBuild = segments(tables).get(0).uuid();
      assertThat(segments(tables)).hasSize(1);

      for (int sync = 1; sync <= VectorIndexPolicy.MAX_SEGMENTS; sync++) {
        List<EmbeddingRow> changed = new ArrayList<>();
        for (int object = sync * 10; object < sync * 10 + 10; object++) {
          changed.add(row(object, sync));
        }
        table.apply(changed, changed.stream().map(EmbeddingRow::path).toList(), state(sync));

        List<Index> segments = segments(tables);
        // Up to MAX_SEGMENTS: one delta per sync; then the deltas are merged into one.
        int expected = sync < VectorIndexPolicy.MAX_SEGMENTS ? sync + 1 : 2;
        assertThat(segments).hasSize(expected);
        assertThat(segments).extracting(Index::uuid).contains(firstBuild);
        try (Dataset latest = tables.open(LOCATION)) {
          EmbeddingRow probe = changed.get(3);
          assertThat(LanceTables.nearest(latest, probe.vector(), 1))
              .extracting(Neighbour::id)
              .containsExactly(probe.id());
        }
      }
      assertThat(table.countRows()).isEqualTo(300);
    }
  }

  @Test
  void mergesOnlyWhenSegmentsPileUpNeverTheFirstBuildAndNeverPastTheBound() {
    assertThat(merged(List.of(1_000L), 10)).isZero();
    assertThat(merged(Collections.nCopies(VectorIndexPolicy.MAX_SEGMENTS - 1, 100L), 10)).isZero();
    assertThat(merged(Collections.nCopies(VectorIndexPolicy.MAX_SEGMENTS, 100L), 10))
        .isEqualTo(VectorIndexPolicy.MAX_SEGMENTS - 1);
    // The newest segments are merged while they fit the bound with the new rows: two here.
    List<Long> big = new ArrayList<>(Collections.nCopies(VectorIndexPolicy.MAX_SEGMENTS, 500L));
    big.set(big.size() - 1, 100L);
    assertThat(merged(big, 10)).isEqualTo(2);
    // One segment fits, but merging one only rewrites it: a delta instead.
    assertThat(merged(Collections.nCopies(VectorIndexPolicy.MAX_SEGMENTS, 600L), 10)).isZero();
  }

  /** Segments merged by one optimisation, with a bound of 1,000 rows. */
  private static int merged(List<Long> segmentRows, long newRows) {
    return VectorIndexPolicy.optimizeOptions(segmentRows, newRows, 1_000)
        .getNumIndicesToMerge()
        .orElseThrow();
  }

  @Test
  void aTableThatGrowsBatchByBatchIsIndexedAsItGrowsAndNoBuildPassesTheBound(@TempDir Path dir) {
    try (BufferAllocator allocator = new RootAllocator()) {
      LanceTables tables = LanceTables.onLocalDisk(allocator, dir);
      // Room for 400 rows of 8 floats a build.
      VectorIndexPolicy policy = new VectorIndexPolicy(256, 400L * 4 * DIM);
      EmbeddingTable table = new EmbeddingTable(tables, allocator, LOCATION, DIM, policy);
      List<EmbeddingRow> probes = new ArrayList<>();
      for (int batch = 0; batch < 12; batch++) {
        List<EmbeddingRow> rows = rows(batch * 150, 150, 0);
        probes.add(rows.get(7));
        if (batch == 0) {
          table.write(rows, List.of(), state(0), 0);
        } else {
          table.append(rows, List.of(), state(0), 0);
        }
        if (batch == 1) {
          // 300 rows, more than half the bound outside any index: built between two batches.
          assertThat(segments(tables)).hasSize(1);
        }
      }
      table.finish(state(0));

      try (Dataset latest = tables.open(LOCATION)) {
        assertThat(IndexCoverage.uncoveredRows(latest, VectorIndexPolicy.INDEX_NAME)).isZero();
        // Each build took at most the bound, plus the batch that passed half of it.
        assertThat(VectorIndexPolicy.segmentRows(latest)).allMatch(rows -> rows <= 400 + 150);
        assertThat(VectorIndexPolicy.segmentRows(latest).stream().mapToLong(Long::longValue).sum())
            .isEqualTo(1_800);
        for (EmbeddingRow probe : probes) {
          assertThat(LanceTables.nearest(latest, probe.vector(), 1))
              .extracting(Neighbour::id)
              .containsExactly(probe.id());
        }
      }
    }
  }

  @Test
  void aShardedRebuildsFragmentsAreAddedAndIndexedInBoundedGroups(@TempDir Path dir) {
    try (BufferAllocator allocator = new RootAllocator()) {
      LanceTables tables = LanceTables.onLocalDisk(allocator, dir);
      VectorIndexPolicy policy = new VectorIndexPolicy(128, 400L * 4 * DIM);
      EmbeddingTable table = new EmbeddingTable(tables, allocator, LOCATION, DIM, policy);
      table.apply(List.of(row(99_999, 0)), List.of(), state(0));
      List<FragmentMetadata> fragments = new ArrayList<>();
      for (int shard = 0; shard < 10; shard++) {
        fragments.addAll(table.writeFragments(rows(shard * 120, 120, 1), 0));
      }

      table.replaceWith(fragments, 0);
      table.finish(state(1));

      assertThat(table.countRows()).isEqualTo(1_200);
      try (Dataset latest = tables.open(LOCATION)) {
        assertThat(IndexCoverage.uncoveredRows(latest, VectorIndexPolicy.INDEX_NAME)).isZero();
        assertThat(VectorIndexPolicy.segmentRows(latest)).hasSizeGreaterThan(1);
        assertThat(VectorIndexPolicy.segmentRows(latest)).allMatch(rows -> rows <= 400);
      }
    }
  }

  private static List<Index> segments(LanceTables tables) {
    try (Dataset latest = tables.open(LOCATION)) {
      return latest.getIndexes().stream()
          .filter(i -> i.name().equals(VectorIndexPolicy.INDEX_NAME))
          .toList();
    }
  }

  /** Rows of {@code count} objects from {@code first} on. */
  private static List<EmbeddingRow> rows(int first, int count, int generation) {
    List<EmbeddingRow> rows = new ArrayList<>(count);
    for (int object = first; object < first + count; object++) {
      rows.add(row(object, generation));
    }
    return rows;
  }

  private static EmbeddingRow row(int object, int generation) {
    return VectorRows.objectRow(object, generation, DIM);
  }

  private static TableState state(int sync) {
    return new TableState("commit-" + sync, "test@1", "fingerprint", "test");
  }
}
