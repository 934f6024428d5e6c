package io.lakesync.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.VectorRows;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.FragmentMetadata;
import org.lance.Transaction;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;
import org.lance.operation.Append;

/**
 * Two writers appending to the same table on the same lakeFS branch: Lance's commit is a
 * conditional PUT of the next manifest, which the S3 gateway makes atomic, so the loser sees a
 * conflict, rebases and retries, and no row is lost.
 */
@ExtendWith({LakeFsExtension.class, ArrowExtension.class})
class ConcurrentLanceWritersIT {
  private static final int DIMENSION = 384;
  private static final String BRANCH = LakeFsTestRepository.MAIN;

  @Test
  void writerThatLosesTheRaceForAVersionRetriesOnTopOfTheWinner(
      LakeFsTestRepository repo, BufferAllocator allocator) throws Exception {
    LanceTables tables = new LanceTables(allocator, repo.settings());
    LanceLocation location = new LanceLocation(repo.name(), BRANCH, "lancedb/race.lance");
    createTable(allocator, tables, location);

    // Both writers read version 1, then each commits an append based on it. The first takes
    // version 2; the second's PUT of version 2 must fail, and it must land as version 3.
    try (Dataset first = tables.open(location);
        Dataset second = tables.open(location)) {
      List<FragmentMetadata> firstRows = writeFragments(allocator, repo, location, "first-", 1);
      List<FragmentMetadata> secondRows = writeFragments(allocator, repo, location, "second-", 2);
      try (Dataset afterFirst = commitAppend(first, firstRows)) {
        assertThat(afterFirst.version()).isEqualTo(2);
      }
      try (Dataset afterSecond = commitAppend(second, secondRows)) {
        assertThat(afterSecond.version()).isEqualTo(3);
      }
    }

    try (Dataset table = tables.open(location)) {
      assertThat(ids(table)).hasSize(150).doesNotHaveDuplicates();
      assertThat(ids(table)).filteredOn(id -> id.startsWith("first-")).hasSize(50);
      assertThat(ids(table)).filteredOn(id -> id.startsWith("second-")).hasSize(50);
      try (Dataset v3 = table.checkoutVersion(3);
          Transaction rebased = v3.readTransaction().orElseThrow()) {
        // Version 3 was built from version 1: proof that this writer lost the race for
        // version 2 and was retried on top of the winner rather than overwriting it.
        assertThat(rebased.readVersion()).isEqualTo(1);
      }
    }
  }

  @Test
  void concurrentAppendsFromTwoThreadsKeepEveryRow(
      LakeFsTestRepository repo, BufferAllocator allocator) throws Exception {
    LanceTables tables = new LanceTables(allocator, repo.settings());
    LanceLocation location = new LanceLocation(repo.name(), BRANCH, "lancedb/threads.lance");
    createTable(allocator, tables, location);
    int appendsPerWriter = 4;
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (String writer : List.of("a", "b")) {
        writers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < appendsPerWriter; i++) {
                    String prefix = writer + i + "-";
                    try (VectorSchemaRoot rows =
                        VectorRows.random(allocator, prefix, 25, DIMENSION, prefix.hashCode())) {
                      tables.append(location, rows).close();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> writer : writers) {
        writer.get();
      }
    } finally {
      pool.shutdown();
    }

    try (Dataset table = tables.open(location)) {
      assertThat(table.version()).isEqualTo(1 + 2 * appendsPerWriter);
      assertThat(ids(table)).hasSize(50 + 2 * appendsPerWriter * 25).doesNotHaveDuplicates();
    }
  }

  private static void createTable(
      BufferAllocator allocator, LanceTables tables, LanceLocation location) {
    try (VectorSchemaRoot rows = VectorRows.random(allocator, "base-", 50, DIMENSION, 1);
        Dataset created = tables.create(location, rows)) {
      assertThat(created.version()).isEqualTo(1);
    }
  }

  private static List<FragmentMetadata> writeFragments(
      BufferAllocator allocator,
      LakeFsTestRepository repo,
      LanceLocation location,
      String prefix,
      long seed) {
    try (VectorSchemaRoot rows = VectorRows.random(allocator, prefix, 50, DIMENSION, seed)) {
      return Fragment.write()
          .datasetUri(location.uri())
          .allocator(allocator)
          .data(rows)
          .storageOptions(LanceStorageOptions.forLakeFs(repo.settings()))
          .execute();
    }
  }

  private static Dataset commitAppend(Dataset base, List<FragmentMetadata> fragments) {
    return base.newTransactionBuilder()
        .operation(Append.builder().fragments(fragments).build())
        .build()
        .commit();
  }

  private static List<String> ids(Dataset table) throws Exception {
    List<String> ids = new ArrayList<>();
    LanceScanner scanner =
        table.newScan(new ScanOptions.Builder().columns(List.of(LanceTables.ID_COLUMN)).build());
    try (ArrowReader reader = scanner.scanBatches()) {
      while (reader.loadNextBatch()) {
        VectorSchemaRoot batch = reader.getVectorSchemaRoot();
        VarCharVector column = (VarCharVector) batch.getVector(LanceTables.ID_COLUMN);
        for (int i = 0; i < batch.getRowCount(); i++) {
          ids.add(column.getObject(i).toString());
        }
      }
    } finally {
      scanner.close();
    }
    return ids;
  }
}
