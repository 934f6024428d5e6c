package io.lakesync.status;

import io.lakesync.config.TableConfig;
import java.util.Map;
import java.util.Objects;

/**
 * One record of the status topic: how one table's sync for one event ended.
 *
 * @param outcome how the sync ended; written as its {@link SyncOutcome#label() label}
 * @param eventCommit the commit the triggering event named
 * @param sourceCommit the commit the table was synced to (the branch head, which may be newer: a
 *     burst of events coalesces into one sync)
 * @param mergeCommit the target branch's new head, for {@code merged}
 * @param message the hooks' report for {@code rejected}, the reason for {@code failed}
 * @param imageModelCalls images sent to the image model
 * @param imagesReused images whose analysis came from the table (renamed, copied, reverted)
 * @param phasesMs milliseconds per phase (check, branch, plan, read, embed, write, commit, merge,
 *     cleanup): where the time of a sync went
 */
public record SyncStatus(
    String table,
    String repository,
    String branch,
    SyncOutcome outcome,
    String eventCommit,
    String sourceCommit,
    String mergeCommit,
    int added,
    int updated,
    int deleted,
    int skipped,
    int chunks,
    int modelCalls,
    int reused,
    int imageModelCalls,
    int imagesReused,
    long durationMs,
    String message,
    Map<String, Long> phasesMs) {
  public SyncStatus {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(outcome, "outcome");
    phasesMs = phasesMs == null ? Map.of() : Map.copyOf(phasesMs);
  }

  /**
   * A sync of {@code table} that {@code eventCommit} triggered and that failed after its retries,
   * for {@code reason}: nothing synced, nothing merged.
   */
  public static SyncStatus failed(
      TableConfig table, String eventCommit, String reason, long durationMs) {
    return new SyncStatus(
        table.name(),
        table.repository(),
        table.branch(),
        SyncOutcome.FAILED,
        eventCommit,
        "",
        "",
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        durationMs,
        reason,
        Map.of());
  }
}
