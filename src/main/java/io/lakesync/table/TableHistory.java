package io.lakesync.table;

import java.time.Duration;
import java.time.Instant;
import org.lance.Dataset;
import org.lance.cleanup.CleanupPolicy;
import org.lance.cleanup.RemovalStats;

/**
 * Keeps a table's directory down to what its readers need: every sync adds Lance versions (a data
 * commit per batch, index and state commits) and compaction leaves the files it rewrote, all of
 * which would otherwise stay on the branch for ever, next to the files of writers that died before
 * committing (a killed sync, a shard whose result was never stored).
 *
 * <p>lakeFS is the history: every lakeFS commit keeps the files of the table as it was, so a
 * version removed here is still readable at its commit. Only the branch's head loses it. Versions
 * younger than {@link #GRACE} stay, so that a reader that opened the table by branch name (the
 * stock LanceDB client at {@code s3://repo/main/...}) shortly before a merge can finish reading.
 * lakesync itself reads at commit IDs, which never change.
 *
 * <p>Files no version references are removed whatever their age ("unverified" in Lance's terms):
 * the only writers on a staging branch are the sync's own, and what they did not commit by the time
 * it finishes is garbage. Lance only looks at files older than the oldest version it keeps, so such
 * a file goes with the first sync after the versions before it aged out: a bounded delay.
 */
final class TableHistory {
  static final Duration GRACE = Duration.ofHours(1);

  private TableHistory() {}

  /** Removes the versions of {@code table} older than the grace period and unreferenced files. */
  static RemovalStats prune(Dataset table, Instant now) {
    return table.cleanupWithPolicy(
        CleanupPolicy.builder()
            .withBeforeTimestampMillis(now.minus(GRACE).toEpochMilli())
            .withDeleteUnverified(true)
            .build());
  }
}
