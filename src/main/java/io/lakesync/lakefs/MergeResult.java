package io.lakesync.lakefs;

/**
 * How lakeFS answered a merge, when the answer is an outcome rather than a failure. Everything else
 * lakeFS can answer (unreachable, a dirty target, a conflict, …) is thrown as a {@link
 * LakeFsFailure} and classified by its status, because a retry may turn it into one of these.
 */
public sealed interface MergeResult {
  /** The destination branch moved to {@code commitId}. */
  record Merged(String commitId) implements MergeResult {}

  /**
   * A pre-merge hook refused the merge (HTTP 412). lakeFS's {@code body} says little; the hooks'
   * own reports are in the action run ({@link LakeFs#hookOutput}).
   */
  record Rejected(String body) implements MergeResult {}

  /** The source branch does not exist (HTTP 404): someone merged and deleted it, or removed it. */
  record SourceGone(String body) implements MergeResult {}

  /** The source holds nothing the destination lacks (HTTP 400, "no changes"). */
  record NothingToMerge(String body) implements MergeResult {}
}
