package io.lakesync.publish;

import io.lakesync.config.TableConfig;
import io.lakesync.status.SyncOutcome;
import io.lakesync.status.SyncStatus;
import io.lakesync.sync.Phases;
import io.lakesync.sync.SyncResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

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

  /** Nothing to publish: the target already covers the commit, or nothing in scope changed. */
  public static PublishOutcome noop(
      TableConfig table, String sourceCommit, String why, Phases phases) {
    return new PublishOutcome(
        Status.NOOP,
        table.name(),
        sourceCommit,
        Optional.empty(),
        Optional.empty(),
        "",
        why,
        phases.done());
  }

  /** A sync on the staging branch found nothing to write; the branch is discarded. */
  public static PublishOutcome unchanged(
      TableConfig table, String sourceCommit, String staging, SyncResult result, Phases phases) {
    return new PublishOutcome(
        Status.NOOP,
        table.name(),
        sourceCommit,
        Optional.of(result),
        Optional.empty(),
        staging,
        result.summary(),
        phasesMs(phases, Optional.of(result)));
  }

  /** The staged sync was merged into the target branch, whose head is now {@code mergeCommit}. */
  public static PublishOutcome merged(TablePublisher.StagedSync staged, String mergeCommit) {
    return new PublishOutcome(
        Status.MERGED,
        staged.table().name(),
        staged.sourceCommit(),
        staged.result(),
        Optional.ofNullable(mergeCommit),
        staged.branch(),
        "",
        phasesMs(staged.phases(), staged.result()));
  }

  /** A pre-merge hook rejected the staged sync's merge for {@code reasons}. */
  public static PublishOutcome rejected(TablePublisher.StagedSync staged, String reasons) {
    return new PublishOutcome(
        Status.REJECTED,
        staged.table().name(),
        staged.sourceCommit(),
        staged.result(),
        Optional.empty(),
        staged.branch(),
        reasons,
        phasesMs(staged.phases(), staged.result()));
  }

  /** The publish's phases, with the sync's own phases in place of its coarse "sync" phase. */
  private static Map<String, Long> phasesMs(Phases phases, Optional<SyncResult> result) {
    Map<String, Long> all = new LinkedHashMap<>(phases.done());
    result.ifPresent(
        r -> {
          all.remove("sync");
          all.putAll(r.phasesMs());
        });
    return all;
  }

  /**
   * The status record of this outcome, for a sync of {@code table} that {@code eventCommit}
   * triggered and that took {@code durationMs}, retries included.
   */
  public SyncStatus toStatus(TableConfig table, String eventCommit, long durationMs) {
    return new SyncStatus(
        table.name(),
        table.repository(),
        table.branch(),
        status.outcome(),
        eventCommit,
        sourceCommit,
        mergeCommit.orElse(""),
        count(SyncResult::added),
        count(SyncResult::updated),
        count(SyncResult::deleted),
        count(SyncResult::skippedTotal),
        count(SyncResult::chunks),
        count(SyncResult::modelCalls),
        count(SyncResult::reused),
        count(SyncResult::imageModelCalls),
        count(SyncResult::imagesReused),
        durationMs,
        message,
        phasesMs);
  }

  /** One of the sync's counts; 0 when there was no sync (already covered, or found committed). */
  private int count(ToIntFunction<SyncResult> counter) {
    return result.map(counter::applyAsInt).orElse(0);
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
