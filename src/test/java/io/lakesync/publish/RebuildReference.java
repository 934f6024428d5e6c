package io.lakesync.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.TableConfig;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.lakefs.LakeFsObjectSource;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.ImageIndexing;
import io.lakesync.sync.InMemoryVectorStore;
import io.lakesync.sync.SyncEngine;
import io.lakesync.sync.SyncResult;
import io.lakesync.sync.TableState;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.table.LanceLocation;
import io.lakesync.table.LanceTables;
import io.lakesync.testing.LakeFsTestRepository;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;

/** The reference a synced table must equal: a from-scratch rebuild at the same commit. */
final class RebuildReference {
  private RebuildReference() {}

  static EmbeddingTable tableAt(
      LakeFsTestRepository repo, BufferAllocator allocator, String ref, String path) {
    return new EmbeddingTable(
        new LanceTables(allocator, repo.settings()),
        allocator,
        new LanceLocation(repo.name(), ref, path),
        384);
  }

  /** The table on the target branch is at {@code commit} and equals a full rebuild there. */
  static void assertTableEqualsFullRebuild(
      LakeFsTestRepository repo,
      BufferAllocator allocator,
      TableConfig table,
      TextEmbedder embedder,
      String commit)
      throws Exception {
    assertTableEqualsFullRebuild(repo, allocator, table, embedder, null, commit);
  }

  /** As above, for a table that indexes images with {@code images}. */
  static void assertTableEqualsFullRebuild(
      LakeFsTestRepository repo,
      BufferAllocator allocator,
      TableConfig table,
      TextEmbedder embedder,
      ImageIndexing images,
      String commit)
      throws Exception {
    EmbeddingTable onTarget = tableAt(repo, allocator, table.targetBranch(), table.path());
    assertThat(onTarget.state().map(TableState::lastSyncedCommit)).contains(commit);

    InMemoryVectorStore rebuilt = new InMemoryVectorStore();
    SyncResult reference =
        new SyncEngine(
                table,
                new LakeFsObjectSource(repo.lakeFs(), repo.s3(), repo.name()),
                rebuilt,
                embedder,
                images,
                "test")
            .sync(commit);
    assertThat(reference.full()).isTrue();

    Map<String, EmbeddingRow> actual = new TreeMap<>();
    for (EmbeddingRow row : onTarget.readAll()) {
      assertThat(actual.put(row.id(), row)).as("duplicate row %s", row.id()).isNull();
    }
    assertThat(actual.keySet()).as("row ids at %s", commit).isEqualTo(rebuilt.rows().keySet());
    for (EmbeddingRow expected : rebuilt.rows().values()) {
      EmbeddingRow row = actual.get(expected.id());
      assertThat(row.text()).isEqualTo(expected.text());
      assertThat(row.start()).isEqualTo(expected.start());
      assertThat(row.end()).isEqualTo(expected.end());
      assertThat(row.objectChecksum()).isEqualTo(expected.objectChecksum());
      assertThat(maxAbsDifference(row.vector(), expected.vector()))
          .as(expected.id())
          .isLessThanOrEqualTo(1e-6);
      assertThat(row.modality()).as(expected.id()).isEqualTo(expected.modality());
      if (expected.image() != null) {
        assertThat(row.image().labels()).as(expected.id()).isEqualTo(expected.image().labels());
        assertThat(row.image().ocrText()).as(expected.id()).isEqualTo(expected.image().ocrText());
        assertThat(row.image().first()).as(expected.id()).isEqualTo(expected.image().first());
        if (expected.image().first()) {
          // Batches differ between an incremental sync and a rebuild; ONNX Runtime's results
          // may differ in the last bits with the batch.
          assertThat(maxAbsDifference(row.image().vector(), expected.image().vector()))
              .as(expected.id())
              .isLessThanOrEqualTo(1e-5);
        }
      }
    }
  }

  private static double maxAbsDifference(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
