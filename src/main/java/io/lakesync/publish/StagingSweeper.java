package io.lakesync.publish;

import io.lakesync.config.TableConfig;
import io.lakesync.lakefs.BranchRef;
import io.lakesync.lakefs.LakeFsCommit;
import io.lakesync.sync.SyncCheckpoint;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes staging branches nobody needs any more: those of crashed runs, committed ones a later
 * sync superseded, and rejected ones kept for inspection, once they are older than {@code maxAge}.
 * A branch is an orphan when its name parses as one of a configured table's staging branches, this
 * process does not own it, and it was created more than {@code maxAge} ago. The age is the only
 * thing that protects another process's running sync, so {@code maxAge} must exceed the longest
 * sync (the service enforces {@code staging_max_age_minutes > max_sync_minutes}); a branch whose
 * head is a checkpoint is as old as that checkpoint (a sharded sync's is its shard plan, committed
 * again by an owner that takes the branch over). Names from before attempt-unique branches carry no
 * age: they are orphans as soon as nobody here owns them.
 */
public final class StagingSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(StagingSweeper.class);

  private final TablePublisher publisher;
  private final Duration maxAge;

  public StagingSweeper(TablePublisher publisher, Duration maxAge) {
    this.publisher = publisher;
    this.maxAge = maxAge;
  }

  /** Sweeps one table's staging branches; returns the names deleted. */
  public List<String> sweep(TableConfig table, Instant now) throws IOException {
    StagingOwnership owned = publisher.ownership();
    owned.retryPendingDeletes(publisher::deleteBranch);
    List<String> deleted = new ArrayList<>();
    for (BranchRef branch :
        publisher.listBranches(table.repository(), StagingBranches.forTable(table.name()))) {
      String name = branch.name();
      Optional<StagingBranches.Parsed> parsed = StagingBranches.parse(name, table.name());
      if (parsed.isEmpty() || owned.owns(name)) {
        continue;
      }
      Optional<Instant> created = parsed.get().created();
      if (created.isPresent() && Duration.between(created.get(), now).compareTo(maxAge) < 0) {
        continue;
      }
      if (recentlyCheckpointed(table, branch, now)) {
        continue;
      }
      publisher.deleteBranch(table.repository(), name);
      deleted.add(name);
      LOG.info(
          "deleted orphaned staging branch {}/{} (created {}, older than {})",
          table.repository(),
          name,
          created.map(Instant::toString).orElse("before 0.12"),
          maxAge);
    }
    return deleted;
  }

  /**
   * A long sync checkpoints its branch as it goes: its age is that of its last checkpoint, so a
   * backfill that runs for longer than {@code maxAge} (or waits for a restart to resume it) keeps
   * its branch.
   */
  private boolean recentlyCheckpointed(TableConfig table, BranchRef branch, Instant now)
      throws IOException {
    LakeFsCommit head = publisher.headOf(table.repository(), branch);
    return SyncCheckpoint.isCheckpoint(head.metadata())
        && Duration.between(head.created(), now).compareTo(maxAge) < 0;
  }
}
