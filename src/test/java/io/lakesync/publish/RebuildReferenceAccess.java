package io.lakesync.publish;

import io.lakesync.config.TableConfig;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.testing.LakeFsTestRepository;
import org.apache.arrow.memory.BufferAllocator;

/** {@link RebuildReference} for tests outside this package. */
public final class RebuildReferenceAccess {
  private RebuildReferenceAccess() {}

  public static EmbeddingTable tableAt(
      LakeFsTestRepository repo, BufferAllocator allocator, String ref, String path) {
    return RebuildReference.tableAt(repo, allocator, ref, path);
  }

  /** Waits until the table on main ({@code lancedb/docs.lance}) records {@code commit}. */
  public static void awaitSyncedTo(
      LakeFsTestRepository repo,
      BufferAllocator allocator,
      String commit,
      java.time.Duration timeout) {
    io.lakesync.testing.Await.until(
        timeout,
        () ->
            tableAt(repo, allocator, "main", "lancedb/docs.lance")
                .state()
                .map(io.lakesync.sync.TableState::lastSyncedCommit)
                .filter(commit::equals)
                .isPresent(),
        () -> "table never synced to " + commit);
  }

  public static void assertTableEqualsFullRebuild(
      LakeFsTestRepository repo,
      BufferAllocator allocator,
      TableConfig table,
      TextEmbedder embedder,
      String commit)
      throws Exception {
    RebuildReference.assertTableEqualsFullRebuild(repo, allocator, table, embedder, commit);
  }
}
