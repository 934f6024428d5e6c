package io.lakesync.stream;

import java.util.Objects;

/**
 * One record of the status topic: how one table's sync for one event ended.
 *
 * @param outcome {@code merged}, {@code rejected} (a pre-merge hook said no), {@code failed}, or
 *     {@code noop} (already covered, or nothing in scope changed)
 * @param eventCommit the commit the triggering event named
 * @param sourceCommit the commit the table was synced to (the branch head, which may be newer: a
 *     burst of events coalesces into one sync)
 * @param mergeCommit the target branch's new head, for {@code merged}
 * @param message the hooks' report for {@code rejected}, the reason for {@code failed}
 */
public record SyncStatus(
    String table,
    String repository,
    String branch,
    String outcome,
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
    long durationMs,
    String message) {
  public static final String MERGED = "merged";
  public static final String REJECTED = "rejected";
  public static final String FAILED = "failed";
  public static final String NOOP = "noop";

  public SyncStatus {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(outcome, "outcome");
  }
}
