package io.lakesync.event;

import java.util.Map;
import java.util.Objects;

/**
 * A new commit on a lakeFS branch: from a lakeFS post-commit or post-merge webhook, or from any
 * producer that sends {@code {"repository_id", "branch_id", "commit_id"}}.
 *
 * @param eventType {@code post-commit}, {@code post-merge}, or {@code commit} for minimal events
 * @param commitMetadata the commit's metadata when the producer sent it (lakeFS does)
 * @param mergeSource for a lakeFS post-merge event, the branch that was merged; empty otherwise
 */
public record CommitEvent(
    String repository,
    String branch,
    String commitId,
    String eventType,
    Map<String, String> commitMetadata,
    String mergeSource) {
  /** Metadata key present on every commit lakesync makes (see publish.Lineage). */
  public static final String LAKESYNC_TABLE_KEY = "lakesync.table";

  /** Every staging branch lakesync merges from starts with this (see publish.StagingBranches). */
  public static final String STAGING_BRANCH_PREFIX = "lakesync-";

  public CommitEvent {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(commitId, "commitId");
    Objects.requireNonNull(eventType, "eventType");
    commitMetadata = commitMetadata == null ? Map.of() : Map.copyOf(commitMetadata);
    mergeSource = mergeSource == null ? "" : mergeSource;
  }

  public BranchKey branchKey() {
    return new BranchKey(repository, branch);
  }

  /**
   * A commit lakesync itself made: the merge of one of its staging branches, carrying its lineage.
   * Syncing it again would only find nothing in scope. Metadata alone is not enough: anyone can set
   * a {@code lakesync.table} key on their own commit, and that commit must be synced.
   */
  public boolean madeByLakesync() {
    return "post-merge".equals(eventType)
        && mergeSource.startsWith(STAGING_BRANCH_PREFIX)
        && commitMetadata.containsKey(LAKESYNC_TABLE_KEY);
  }
}
