package io.lakesync.lakefs;

import io.lakesync.sync.ObjectChange;
import io.lakesync.sync.SourceObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything lakesync asks of lakeFS, in lakesync's own types, so that no other package depends on
 * the lakeFS SDK (its API groups, models and exceptions). Object bytes are not here: they are read
 * and written through the S3 gateway ({@link S3Gateway}).
 *
 * <p>A failed call throws a {@link LakeFsFailure} that names the operation and carries lakeFS's
 * HTTP status, which decides what the caller does next. Where lakeFS answers a question with a
 * status (a missing ref, a branch already deleted, a hook's refusal), the answer is in the return
 * type instead.
 */
public interface LakeFs {
  // --- refs and commits ------------------------------------------------------------------------

  /** The commit ID a branch points at now. */
  String branchHead(String repository, String branch) throws IOException;

  /**
   * The commit a branch, tag or commit ID names now; empty when the repository has no such ref
   * (lakeFS answers 404, or 400 for a name that cannot be a ref).
   */
  Optional<LakeFsCommit> findCommit(String repository, String ref) throws IOException;

  /** A commit known to exist, by ID. */
  LakeFsCommit readCommit(String repository, String commitId) throws IOException;

  /**
   * Up to {@code amount} commits reachable from {@code ref}, newest first, following every parent
   * of a merge, and only those that change something under {@code prefix} ({@code ""}: every
   * commit). The log ends at {@code stopAt}, which lakeFS includes.
   */
  List<LakeFsCommit> log(
      String repository, String ref, Optional<String> stopAt, String prefix, int amount)
      throws IOException;

  /** Up to {@code amount} commits up to {@code ref} that changed the object at {@code path}. */
  List<LakeFsCommit> pathLog(String repository, String ref, String path, int amount)
      throws IOException;

  // --- objects -----------------------------------------------------------------------------------

  /**
   * Calls {@code sink} for every object under {@code prefix} that differs between two refs, in path
   * order, one page at a time, so a diff of any size costs bounded memory.
   *
   * <p>The diff is two-dot: it compares the two trees directly ("what is different in {@code to}
   * compared with {@code from}"), which is what a sync needs; three-dot would compare against the
   * merge base.
   */
  void forEachChange(
      String repository, String from, String to, String prefix, Consumer<ObjectChange> sink)
      throws IOException;

  /** Every change as a list; for callers that know the diff is small. */
  default List<ObjectChange> changes(String repository, String from, String to, String prefix)
      throws IOException {
    List<ObjectChange> all = new ArrayList<>();
    forEachChange(repository, from, to, prefix, all::add);
    return all;
  }

  /** Every object (no common prefixes) under {@code prefix} at {@code ref}, in path order. */
  List<SourceObject> listObjects(String repository, String ref, String prefix) throws IOException;

  /** One object's path, checksum and size at {@code ref}. */
  SourceObject statObject(String repository, String ref, String path) throws IOException;

  // --- branches ------------------------------------------------------------------------------

  /** Every branch whose name starts with {@code prefix}. */
  List<BranchRef> listBranches(String repository, String prefix) throws IOException;

  /** Creates {@code name} at {@code source} (a branch or commit ID). */
  void createBranch(String repository, String name, String source) throws IOException;

  /**
   * Deletes a branch. A branch that does not exist is as good as deleted: not a failure.
   *
   * @return false when there was no such branch
   */
  boolean deleteBranch(String repository, String branch) throws IOException;

  /** Commits the branch's uncommitted changes; lakeFS refuses a commit of no changes. */
  default LakeFsCommit commit(
      String repository, String branch, String message, Map<String, String> metadata)
      throws IOException {
    return commit(repository, branch, message, metadata, false);
  }

  /**
   * Commits the branch's uncommitted changes; with {@code allowEmpty}, also when there are none (a
   * commit that only records metadata).
   */
  LakeFsCommit commit(
      String repository,
      String branch,
      String message,
      Map<String, String> metadata,
      boolean allowEmpty)
      throws IOException;

  /**
   * Merges {@code source} into {@code destination}; the destination's pre-merge hooks run first and
   * may refuse it. Waits for every hook, so the client's read timeout must outlast them.
   */
  MergeResult merge(
      String repository,
      String source,
      String destination,
      String message,
      Map<String, String> metadata)
      throws IOException;

  // --- actions -------------------------------------------------------------------------------

  /** Up to {@code amount} action runs on a branch, in lakeFS's order (not newest first). */
  List<ActionRun> actionRuns(String repository, String branch, int amount) throws IOException;

  /** The hooks of one action run. */
  List<HookRun> hookRuns(String repository, String runId) throws IOException;

  /**
   * What lakeFS recorded of one hook run: for a webhook, the request and the response (secret
   * headers masked by lakeFS).
   */
  String hookOutput(String repository, String runId, String hookRunId) throws IOException;

  // --- access --------------------------------------------------------------------------------

  /**
   * Whether these credentials may read the repository: false when lakeFS answers 401, 403 or 404
   * (to a caller who may not see it, a repository is as good as absent).
   */
  boolean canRead(String repository) throws IOException;

  /** Whether lakeFS knows these credentials: false when it answers 401 or 403. */
  boolean credentialsValid() throws IOException;

  /** Whether lakeFS answers at all; for readiness, so it never throws. */
  boolean reachable();
}
