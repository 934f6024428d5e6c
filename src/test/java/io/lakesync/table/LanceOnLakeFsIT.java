package io.lakesync.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakefs.clients.sdk.model.MergeResult;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.LanceDbPython;
import io.lakesync.testing.VectorRows;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lance.Dataset;

/**
 * A Lance table written through the S3 gateway onto a branch, committed and merged, is the same
 * table for Lance's Java API at the merge commit and for the stock Python LanceDB client at main.
 */
@ExtendWith({LakeFsExtension.class, ArrowExtension.class})
class LanceOnLakeFsIT {
  private static final int DIMENSION = 384;
  private static final int ROWS = 500;
  private static final String BRANCH = "lakesync-docs-staging";
  private static final String PATH = "lancedb/docs.lance";

  @Test
  void tableWrittenOnABranchAndMergedIsReadableByJavaAndPython(
      LakeFsTestRepository repo, BufferAllocator allocator) throws Exception {
    repo.put(LakeFsTestRepository.MAIN, "docs/readme.md", "data the table embeds");
    repo.commit(LakeFsTestRepository.MAIN, "data", Map.of());
    repo.createBranch(BRANCH, LakeFsTestRepository.MAIN);
    LanceTables tables = new LanceTables(allocator, repo.settings());
    LanceLocation staging = new LanceLocation(repo.name(), BRANCH, PATH);

    try (VectorSchemaRoot rows = VectorRows.random(allocator, "doc-", ROWS, DIMENSION, 7);
        Dataset written = tables.create(staging, rows)) {
      assertThat(written.countRows()).isEqualTo(ROWS);
    }
    repo.commit(BRANCH, "embeddings", Map.of("lakesync.table", "docs"));
    MergeResult merge = repo.merge(BRANCH, LakeFsTestRepository.MAIN);

    float[] query = VectorRows.unitVector(new Random(99), DIMENSION);
    LanceLocation atMergeCommit = staging.at(merge.getReference());
    List<String> javaTop10;
    try (Dataset table = tables.open(atMergeCommit)) {
      assertThat(table.countRows()).isEqualTo(ROWS);
      List<Neighbour> hits = LanceTables.nearest(table, query, 10);
      assertThat(hits).hasSize(10);
      assertThat(hits).extracting(Neighbour::distance).isSorted();
      javaTop10 = hits.stream().map(Neighbour::id).toList();
    }

    LanceDbPython python = new LanceDbPython(repo.settings());
    LanceLocation atMain = staging.at(LakeFsTestRepository.MAIN);
    assertThat(python.count(atMain)).isEqualTo(ROWS);
    assertThat(python.nearestIds(atMain, query, 10)).containsExactlyElementsOf(javaTop10);
    // The commit ID is as good a ref as a branch for the Python client.
    assertThat(python.nearestIds(atMergeCommit, query, 10)).containsExactlyElementsOf(javaTop10);
  }
}
