package io.lakesync.publish;

import io.lakesync.status.SyncOutcome;
import io.lakesync.sync.SyncResult;
import java.util.Map;
import java.util.Optional;

/**
 * How publishing one sync ended.
 *
 * @param mergeCommit the target branch's new head when {@link Status#MERGED}
 * @param message the pre-merge hooks' report when {@link Status#REJECTED}
 * @param phasesMs milliseconds per phase: the sync's (plan, read, embed, write) and the publish's
 *     (branch, commit, merge)
 */
public record PublishOutcome(
    Status status,
    String table,
    String sourceCommit,
    Optional<SyncResult> result,
    Optional<String> mergeCommit,
    String stagingBranch,
    String message,
    Map<String, Long> phasesMs) {

  public PublishOutcome {
    phasesMs = Map.copyOf(phasesMs);
  }

  /**
   * The outcomes a publish can end with: {@link SyncOutcome}'s, less {@code FAILED} (a publish that
   * fails ends in {@link PublishRunner.Result#failure()}, never in an outcome).
   */
  public enum Status {
    /** The table was synced and merged into the target branch. */
    MERGED(SyncOutcome.MERGED),
    /** The target's table already covers the commit, or nothing in scope changed. */
    NOOP(SyncOutcome.NOOP),
    /** A pre-merge hook rejected the merge; the staging branch is kept for inspection. */
    REJECTED(SyncOutcome.REJECTED);

    private final SyncOutcome outcome;

    Status(SyncOutcome outcome) {
      this.outcome = outcome;
    }

    /** This outcome as a status record names it. */
    public SyncOutcome outcome() {
      return outcome;
    }
  }

  public String summary() {
    String base = table + ": " + status.outcome().label();
    return switch (status) {
      case MERGED ->
          base
              + " "
              + mergeCommit.orElse("?")
              + " ("
              + result.map(SyncResult::summary).orElse("")
              + ")";
      case NOOP -> base + " (" + message + ")";
      case REJECTED ->
          base + " by a pre-merge hook; staging branch " + stagingBranch + " kept: " + message;
    };
  }
}
