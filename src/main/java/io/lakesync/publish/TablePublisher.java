package io.lakesync.publish;

import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.model.BranchCreation;
import io.lakefs.clients.sdk.model.Commit;
import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.Merge;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.TableConfig;
import io.lakesync.debug.PausePoints;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.lakefs.LakeFsApi;
import io.lakesync.lakefs.LakeFsFailure;
import io.lakesync.lakefs.LakeFsObjectSource;
import io.lakesync.sync.Phases;
import io.lakesync.sync.SyncEngine;
import io.lakesync.sync.SyncResult;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.table.LanceLocation;
import io.lakesync.table.LanceTables;
import io.lakesync.table.LanceVectorStore;
import io.lakesync.table.SkipTable;
import io.lakesync.table.TableState;
import io.lakesync.table.VectorIndexPolicy;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Write-audit-publish for one table: sync onto a staging branch, commit it with lineage, merge it
 * into the target branch (where pre-merge hooks audit it), delete the staging branch.
 *
 * <p>Every step is idempotent, so running the same publish again after a crash at any point
 * converges on the same table:
 *
 * <ul>
 *   <li>the target's table already records the source commit: nothing to do;
 *   <li>the staging branch exists and its head is our sync's commit: only the merge is left;
 *   <li>the staging branch exists otherwise (a crash mid-write): its uncommitted, possibly partial
 *       Lance files are discarded with it, and the sync starts over from a fresh branch.
 * </ul>
 */
public final class TablePublisher {
  private static final Logger LOG = LoggerFactory.getLogger(TablePublisher.class);
  private static final int MAX_CONFLICT_ATTEMPTS = 3;

  private final LakeFsApi api;
  private final S3Client s3;
  private final LanceTables tables;
  private final BufferAllocator allocator;
  private final TextEmbedder embedder;
  private final String lakesyncVersion;

  public TablePublisher(
      LakeFsApi api,
      S3Client s3,
      LakeFsSettings settings,
      BufferAllocator allocator,
      TextEmbedder embedder,
      String lakesyncVersion) {
    this.api = api;
    this.s3 = s3;
    this.tables = new LanceTables(allocator, settings);
    this.allocator = allocator;
    this.embedder = embedder;
    this.lakesyncVersion = lakesyncVersion;
  }

  public PublishOutcome publish(TableConfig table, String sourceCommit) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(table, sourceCommit);
      } catch (LakeFsFailure e) {
        if (!e.conflict() || attempt >= MAX_CONFLICT_ATTEMPTS) {
          throw e;
        }
        // The target moved under us (another writer merged the table): plan again from it.
        LOG.warn(
            "merge conflict for {} at {}; re-planning (attempt {})",
            table.name(),
            sourceCommit,
            attempt);
        deleteBranch(table.repository(), StagingBranches.name(table.name(), sourceCommit));
      }
    }
  }

  private PublishOutcome attempt(TableConfig table, String sourceCommit) throws IOException {
    Phases phases = new Phases();
    String staging = StagingBranches.name(table.name(), sourceCommit);
    Optional<TableState> targetState = tableAt(table, table.targetBranch()).state();
    if (targetState.map(s -> s.lastSyncedCommit().equals(sourceCommit)).orElse(false)) {
      deleteBranch(table.repository(), staging);
      return outcome(
          PublishOutcome.Status.NOOP,
          table,
          sourceCommit,
          null,
          null,
          staging,
          "already synced",
          phases);
    }

    LakeFsObjectSource source = new LakeFsObjectSource(api, s3, table.repository());
    String fingerprint = SyncEngine.fingerprint(table, embedder.model().stamp());
    Optional<Commit> committed = committedSync(table, staging, sourceCommit);
    if (committed.isEmpty()
        && !TableLag.behind(table, targetState, fingerprint, sourceCommit, source)) {
      // Nothing in scope changed (e.g. the commit is lakesync's own merge): no branch, no write.
      return outcome(
          PublishOutcome.Status.NOOP,
          table,
          sourceCommit,
          null,
          null,
          staging,
          "nothing in scope changed",
          phases);
    }
    phases.end("check");
    SyncResult result = null;
    if (committed.isEmpty()) {
      recreateBranch(table, staging, sourceCommit);
      phases.end("branch");
      long started = System.nanoTime();
      result = engine(table, staging).sync(sourceCommit);
      phases.end("sync");
      if (result.noop()) {
        deleteBranch(table.repository(), staging);
        return outcome(
            PublishOutcome.Status.NOOP,
            table,
            sourceCommit,
            result,
            null,
            staging,
            result.summary(),
            phases);
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      committed = Optional.of(commit(table, staging, result, millis));
      phases.end("commit");
      PausePoints.reached(PausePoints.AFTER_STAGING_COMMIT);
    }
    return merge(table, staging, sourceCommit, committed.get(), result, phases);
  }

  private PublishOutcome merge(
      TableConfig table,
      String staging,
      String sourceCommit,
      Commit commit,
      SyncResult result,
      Phases phases)
      throws IOException {
    // lakeFS stamps action runs with its own clock; a minute's slack covers skew on one host.
    java.time.OffsetDateTime requested = java.time.OffsetDateTime.now().minusMinutes(1);
    try {
      String mergeCommit =
          api.refs()
              .mergeIntoBranch(table.repository(), staging, table.targetBranch())
              .merge(new Merge().message(commit.getMessage()).metadata(commit.getMetadata()))
              .execute()
              .getReference();
      phases.end("merge");
      deleteBranch(table.repository(), staging);
      phases.end("cleanup");
      return outcome(
          PublishOutcome.Status.MERGED,
          table,
          sourceCommit,
          result,
          mergeCommit,
          staging,
          "",
          phases);
    } catch (ApiException e) {
      LakeFsFailure failure =
          LakeFsFailure.of("merge " + staging + " into " + table.targetBranch(), e);
      if (failure.hookRejected()) {
        String reasons =
            HookRunReports.latestFailedPreMerge(
                    api, table.repository(), table.targetBranch(), requested)
                .orElse(failure.body());
        return outcome(
            PublishOutcome.Status.REJECTED,
            table,
            sourceCommit,
            result,
            null,
            staging,
            reasons,
            phases);
      }
      throw failure;
    }
  }

  /** The staging branch's head, when it is the committed sync of this table and commit. */
  private Optional<Commit> committedSync(TableConfig table, String staging, String sourceCommit)
      throws IOException {
    try {
      String head = api.branches().getBranch(table.repository(), staging).execute().getCommitId();
      Commit commit = api.commits().getCommit(table.repository(), head).execute();
      Map<String, String> metadata = commit.getMetadata();
      boolean ours =
          metadata != null
              && table.name().equals(metadata.get(Lineage.TABLE))
              && sourceCommit.equals(metadata.get(Lineage.SOURCE_COMMIT));
      return ours ? Optional.of(commit) : Optional.empty();
    } catch (ApiException e) {
      LakeFsFailure failure = LakeFsFailure.of("read staging branch " + staging, e);
      if (failure.notFound()) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  private void recreateBranch(TableConfig table, String staging, String sourceCommit)
      throws IOException {
    deleteBranch(table.repository(), staging);
    // Same branch: start from the source commit, which holds both the data and the table as of
    // then. Another target: start from its head, so the merge brings only the table.
    String base = table.branch().equals(table.targetBranch()) ? sourceCommit : table.targetBranch();
    try {
      api.branches()
          .createBranch(table.repository(), new BranchCreation().name(staging).source(base))
          .execute();
    } catch (ApiException e) {
      throw LakeFsFailure.of("create staging branch " + staging, e);
    }
  }

  private Commit commit(TableConfig table, String staging, SyncResult result, long millis)
      throws IOException {
    Map<String, String> lineage =
        Lineage.of(table.name(), result, embedder.model().stamp(), lakesyncVersion, millis);
    try {
      return api.commits()
          .commit(
              table.repository(),
              staging,
              new CommitCreation()
                  .message("lakesync: " + table.name() + " " + result.summary())
                  .metadata(lineage))
          .execute();
    } catch (ApiException e) {
      throw LakeFsFailure.of("commit staging branch " + staging, e);
    }
  }

  private void deleteBranch(String repository, String branch) throws IOException {
    try {
      api.branches().deleteBranch(repository, branch).execute();
    } catch (ApiException e) {
      LakeFsFailure failure = LakeFsFailure.of("delete branch " + branch, e);
      if (!failure.notFound()) {
        throw failure;
      }
    }
  }

  private SyncEngine engine(TableConfig table, String staging) {
    LakeFsObjectSource source = new LakeFsObjectSource(api, s3, table.repository());
    LanceVectorStore store =
        new LanceVectorStore(
            tableAt(table, staging),
            new SkipTable(
                tables,
                allocator,
                new LanceLocation(table.repository(), staging, table.skippedPath())));
    return new SyncEngine(table, source, store, embedder, lakesyncVersion);
  }

  private EmbeddingTable tableAt(TableConfig table, String ref) {
    return new EmbeddingTable(
        tables,
        allocator,
        new LanceLocation(table.repository(), ref, table.path()),
        embedder.model().dimension(),
        new VectorIndexPolicy(table.indexMinRows()));
  }

  private static PublishOutcome outcome(
      PublishOutcome.Status status,
      TableConfig table,
      String sourceCommit,
      SyncResult result,
      String mergeCommit,
      String staging,
      String message,
      Phases phases) {
    // The sync's own phases replace the publisher's coarse "sync" phase.
    Map<String, Long> all = new java.util.LinkedHashMap<>(phases.done());
    if (result != null) {
      all.remove("sync");
      all.putAll(result.phasesMs());
    }
    return new PublishOutcome(
        status,
        table.name(),
        sourceCommit,
        Optional.ofNullable(result),
        Optional.ofNullable(mergeCommit),
        staging,
        message,
        all);
  }
}
