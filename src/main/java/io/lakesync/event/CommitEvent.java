package io.lakesync.event;

import java.util.Map;
import java.util.Objects;

/**
 * A new commit on a lakeFS branch: from a lakeFS post-commit or post-merge webhook, or from any
 * producer that sends {@code {"repository_id", "branch_id", "commit_id"}}.
 *
 * @param eventType {@code post-commit}, {@code post-merge}, or {@code commit} for minimal events
 * @param commitMetadata the commit's metadata when the producer sent it (lakeFS does); lakesync
 *     recognises its own merge commits by it
 */
public record CommitEvent(
    String repository,
    String branch,
    String commitId,
    String eventType,
    Map<String, String> commitMetadata) {
  /** Metadata key present on every commit lakesync makes (see publish.Lineage). */
  public static final String LAKESYNC_TABLE_KEY = "lakesync.table";

  public CommitEvent {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(commitId, "commitId");
    Objects.requireNonNull(eventType, "eventType");
    commitMetadata = commitMetadata == null ? Map.of() : Map.copyOf(commitMetadata);
  }

  public BranchKey branchKey() {
    return new BranchKey(repository, branch);
  }

  /** A commit lakesync itself made (a table merge): syncing it again would loop. */
  public boolean madeByLakesync() {
    return commitMetadata.containsKey(LAKESYNC_TABLE_KEY);
  }
}
