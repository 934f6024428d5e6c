package io.lakesync.publish;

import io.lakesync.config.TableConfig;
import io.lakesync.debug.PausePoints;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.embed.TextModels;
import io.lakesync.lakefs.BranchRef;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsCommit;
import io.lakesync.lakefs.LakeFsFailure;
import io.lakesync.lakefs.LakeFsObjectSource;
import io.lakesync.lakefs.MergeResult;
import io.lakesync.shard.ShardAdoption;
import io.lakesync.shard.ShardPlan;
import io.lakesync.shard.ShardedSync;
import io.lakesync.sync.ImageIndexing;
import io.lakesync.sync.Phases;
import io.lakesync.sync.SyncCheckpoint;
import io.lakesync.sync.SyncEngine;
import io.lakesync.sync.SyncResult;
import io.lakesync.sync.TableStaleness;
import io.lakesync.sync.TableState;
import io.lakesync.table.LanceVectorStore;
import io.lakesync.table.TableOpener;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Write-audit-publish for one table, in two steps the caller's one retry loop ({@link
 * PublishRunner}) drives: {@link #stage} syncs onto a staging branch the attempt owns and commits
 * it with lineage; {@link #merge} merges it into the target branch (where pre-merge hooks audit it)
 * and deletes it. Nothing here retries.
 *
 * <p>Every step is idempotent, so running the same publish again after a crash at any point
 * converges on the same table:
 *
 * <ul>
 *   <li>the target's table already records the source commit: nothing to do;
 *   <li>a committed staging branch of the same table and commit exists (a crash after the staging
 *       commit, a merge that waited out a dirty target, a rejection): it is merged, not rebuilt;
 *   <li>a staging branch of the same sync whose head is a checkpoint (a long sync stopped by a
 *       crash, a restart or a rebalance): the sync resumes there, after the last batch it wrote;
 *       or, for a sharded sync, this instance takes the branch over: it keeps the shard results
 *       stored there and submits only the shards without one ({@link ShardedSync});
 *   <li>otherwise the sync starts on a fresh branch of its own; a half-written branch without a
 *       checkpoint is never written again and is collected by {@link StagingSweeper} once it is
 *       older than any sync can run.
 * </ul>
 */
public final class TablePublisher implements PublishRunner.Steps {
  private static final Logger LOG = LoggerFactory.getLogger(TablePublisher.class);

  /** What {@link #stage} found: the publish is already done, or a committed branch to merge. */
  public sealed interface Stage {
    record Done(PublishOutcome outcome) implements Stage {}

    record Ready(StagedSync staged) implements Stage {}
  }

  /**
   * A committed staging branch waiting for its merge.
   *
   * @param result the sync's result; empty when the branch was found committed by an earlier run
   */
  public record StagedSync(
      TableConfig table,
      String sourceCommit,
      String branch,
      LakeFsCommit commit,
      Optional<SyncResult> result,
      Phases phases) {}

  private final LakeFs lakeFs;
  private final S3Client s3;
  private final TableOpener tables;
  private final TextModels models;
  private final ImageIndexing images;
  private final String lakesyncVersion;
  private final StagingOwnership owned = new StagingOwnership();
  private volatile ShardedSync sharding;

  /** A publisher that skips images. */
  public TablePublisher(
      LakeFs lakeFs,
      S3Client s3,
      TableOpener tables,
      TextEmbedder embedder,
      String lakesyncVersion) {
    this(lakeFs, s3, tables, TextModels.of(embedder), null, lakesyncVersion);
  }

  /**
   * @param images the image models, for tables that index images; null to skip images
   */
  public TablePublisher(
      LakeFs lakeFs,
      S3Client s3,
      TableOpener tables,
      TextEmbedder embedder,
      ImageIndexing images,
      String lakesyncVersion) {
    this(lakeFs, s3, tables, TextModels.of(embedder), images, lakesyncVersion);
  }

  /**
   * @param models each table's model (a table embeds with the model it is configured with)
   * @param images the image models, for tables that index images; null to skip images
   */
  public TablePublisher(
      LakeFs lakeFs,
      S3Client s3,
      TableOpener tables,
      TextModels models,
      ImageIndexing images,
      String lakesyncVersion) {
    this.lakeFs = lakeFs;
    this.s3 = s3;
    this.tables = tables;
    this.models = models;
    this.images = images;
    this.lakesyncVersion = lakesyncVersion;
  }

  /** The staging branches this process's running attempts own: a sweep must leave them alone. */
  public StagingOwnership ownership() {
    return owned;
  }

  /**
   * Publishes the table at one commit with the default retry policy: the one loop of {@link
   * PublishRunner}, pinned to {@code sourceCommit}. A failure that outlasts the policy is thrown.
   */
  public PublishOutcome publish(TableConfig table, String sourceCommit) throws IOException {
    PublishRunner.Result result =
        new PublishRunner(this, io.lakesync.failure.RetryPolicy.DEFAULT)
            .run(table, t -> sourceCommit);
    return result.orThrow();
  }

  /**
   * Brings the table at {@code sourceCommit} onto a committed staging branch, or says why nothing
   * is to be done.
   *
   * @param afterConflict another writer merged the table first: the new branch starts from the
   *     target branch's head, which holds that writer's table
   */
  @Override
  public Stage stage(TableConfig table, String sourceCommit, boolean afterConflict)
      throws IOException {
    Phases phases = new Phases();
    owned.retryPendingDeletes(this::deleteBranch);
    Optional<TableState> targetState = tables.embeddingsAt(table, table.targetBranch()).state();
    if (targetState.map(s -> s.lastSyncedCommit().equals(sourceCommit)).orElse(false)) {
      return new Stage.Done(PublishOutcome.noop(table, sourceCommit, "already synced", phases));
    }
    Optional<StagedSync> committed =
        committedAttempt(
            table, sourceCommit, targetState.map(TableState::lastSyncedCommit).orElse(""), phases);
    if (committed.isPresent()) {
      LOG.info(
          "{}: merging the committed staging branch {} instead of syncing again",
          table.name(),
          committed.get().branch());
      return new Stage.Ready(committed.get());
    }
    LakeFsObjectSource source = new LakeFsObjectSource(lakeFs, s3, table.repository());
    String fingerprint = SyncEngine.fingerprint(table, models.model(table).stamp(), images);
    if (!TableStaleness.behind(table, targetState, fingerprint, sourceCommit, source)) {
      // Nothing in scope changed (e.g. the commit is lakesync's own merge): no branch, no write.
      return new Stage.Done(
          PublishOutcome.noop(table, sourceCommit, "nothing in scope changed", phases));
    }
    phases.end("check");
    String previous = targetState.map(TableState::lastSyncedCommit).orElse("");
    Optional<Checkpointed> checkpointed =
        checkpointedAttempt(table, sourceCommit, previous, fingerprint);
    String staging =
        checkpointed
            .map(Checkpointed::branch)
            .orElseGet(() -> StagingBranches.newAttempt(table.name(), sourceCommit, Instant.now()));
    owned.claim(staging);
    boolean durable = checkpointed.isPresent();
    try {
      if (checkpointed.isEmpty()) {
        createBranch(table, staging, sourceCommit, afterConflict);
      } else if (checkpointed.get().shards().isEmpty()) {
        LOG.info(
            "{}: resuming the sync to {} on {} after {}",
            table.name(),
            sourceCommit,
            staging,
            checkpointed.get().checkpoint().lastPath());
      }
      phases.end("branch");
      long started = System.nanoTime();
      boolean[] checkpointCommitted = {false};
      ShardedSync.Checkpoints checkpoints =
          (metadata, message) -> {
            commitCheckpoint(table, staging, metadata, message);
            checkpointCommitted[0] = true;
          };
      // Planned once: the plan says whether the sync is sharded, and the engine runs that plan.
      SyncEngine engine = engine(table, staging);
      SyncEngine.Planned planned = engine.plan(sourceCommit);
      Optional<ShardedSync.Outcome> sharded =
          shardIfLarge(table, staging, engine, planned, checkpointed, checkpoints);
      SyncResult result =
          sharded.isPresent()
              ? sharded.get().result()
              : engine.sync(
                  planned,
                  checkpointed.map(Checkpointed::checkpoint),
                  checkpoint ->
                      checkpoints.commit(
                          checkpoint.asMetadata(),
                          String.format(
                              "lakesync: %s checkpoint of the sync to %s: %d objects written",
                              table.name(),
                              checkpoint.sourceCommit(),
                              checkpoint.counts().objectsDone())));
      durable |= checkpointCommitted[0];
      phases.end("sync");
      if (result.noop()) {
        discard(table.repository(), staging);
        return new Stage.Done(
            PublishOutcome.unchanged(table, sourceCommit, staging, result, phases));
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      Map<String, String> moreLineage = sharded.map(ShardedSync.Outcome::lineage).orElse(Map.of());
      LakeFsCommit commit = commit(table, staging, result, millis, moreLineage);
      while (sharded.isPresent() && sharding.removeLateResults(table, staging, commit.id())) {
        commit = commit(table, staging, result, millis, moreLineage);
      }
      phases.end("commit");
      PausePoints.reached(PausePoints.AFTER_STAGING_COMMIT);
      return new Stage.Ready(
          new StagedSync(table, sourceCommit, staging, commit, Optional.of(result), phases));
    } catch (IOException | RuntimeException e) {
      if (durable && !(e instanceof ShardAdoption.PlanChanged)) {
        // Its checkpoints are worth keeping: the retry (or another instance) resumes from the
        // last one. The sweep collects it if nobody does.
        keep(staging);
      } else {
        // This attempt's branch is of no use to anyone: its files are partial, or the run is over.
        discard(table.repository(), staging);
      }
      throw e;
    }
  }

  /**
   * Lets syncs too large for one instance be cut into shards that every instance embeds (in {@code
   * serve}, where a work topic connects the instances); without it every sync streams on the
   * instance that runs it.
   */
  public void shardWith(ShardedSync sharding) {
    this.sharding = sharding;
  }

  /**
   * Runs the sync as shards when sharding is on and the sync is a large enough rebuild, or when it
   * takes over the branch of a sharded sync an earlier owner left. A streaming sync's checkpoint
   * resumes as a streaming sync.
   */
  private Optional<ShardedSync.Outcome> shardIfLarge(
      TableConfig table,
      String staging,
      SyncEngine engine,
      SyncEngine.Planned planned,
      Optional<Checkpointed> checkpointed,
      ShardedSync.Checkpoints checkpoints)
      throws IOException {
    Optional<ShardPlan> takenOver = checkpointed.flatMap(Checkpointed::shards);
    boolean fresh = checkpointed.isEmpty() && sharding != null && sharding.applies(planned);
    if (!fresh && takenOver.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        sharding.run(
            table,
            staging,
            planned,
            engine,
            tables.embeddingsAt(table, staging),
            tables.skipsAt(table, staging),
            lakesyncVersion,
            takenOver,
            checkpoints));
  }

  /**
   * A staging branch whose head is a checkpoint of the sync about to run.
   *
   * @param shards the plan of a sharded sync, whose stored shard results are taken over; empty for
   *     a streaming sync, which resumes after the checkpoint's last path
   */
  private record Checkpointed(
      String branch, SyncCheckpoint checkpoint, Optional<ShardPlan> shards) {}

  /**
   * The staging branch of an earlier attempt at the same sync (same table, commit, starting point
   * and settings) that got furthest before it stopped; nobody in this process runs it.
   */
  private Optional<Checkpointed> checkpointedAttempt(
      TableConfig table, String sourceCommit, String previous, String fingerprint)
      throws IOException {
    Checkpointed furthest = null;
    for (BranchRef branch :
        listBranches(table.repository(), StagingBranches.forTable(table.name(), sourceCommit))) {
      if (owned.owns(branch.name())) {
        continue;
      }
      Map<String, String> metadata =
          lakeFs.readCommit(table.repository(), branch.commitId()).metadata();
      Optional<SyncCheckpoint> checkpoint = SyncCheckpoint.fromMetadata(metadata);
      Optional<ShardPlan> shards = ShardPlan.fromMetadata(metadata);
      boolean ours =
          checkpoint.isPresent()
              && table.name().equals(metadata.get(Lineage.TABLE))
              && checkpoint.get().continues(sourceCommit, previous, fingerprint)
              && shards
                  .map(p -> sharding != null && sharding.canTakeOver(p, lakesyncVersion))
                  .orElse(true);
      if (ours
          && (furthest == null
              || checkpoint.get().counts().objectsDone()
                  > furthest.checkpoint().counts().objectsDone())) {
        furthest = new Checkpointed(branch.name(), checkpoint.get(), shards);
      }
    }
    return Optional.ofNullable(furthest);
  }

  /**
   * Makes a checkpoint durable: a commit on the staging branch with the checkpoint as metadata. It
   * may change nothing: a sharded sync records its plan before anything is written.
   */
  private void commitCheckpoint(
      TableConfig table, String staging, Map<String, String> checkpoint, String message)
      throws IOException {
    Map<String, String> metadata = new java.util.LinkedHashMap<>();
    metadata.put(Lineage.TABLE, table.name());
    metadata.put(Lineage.MODEL, models.model(table).stamp());
    metadata.putAll(checkpoint);
    try {
      lakeFs.commit(table.repository(), staging, message, metadata, true);
    } catch (LakeFsFailure e) {
      throw e.describedAs("commit a checkpoint on staging branch " + staging);
    }
    PausePoints.reached(PausePoints.AFTER_CHECKPOINT);
  }

  /**
   * Merges a committed staging branch into the target branch and deletes it. A hook's rejection is
   * an outcome (the branch is kept for inspection); a branch that vanished, or a merge lakeFS finds
   * empty, means another run got there first: a {@link PublishConflict}.
   */
  @Override
  public PublishOutcome merge(StagedSync staged) throws IOException {
    TableConfig table = staged.table();
    String staging = staged.branch();
    // lakeFS stamps action runs with its own clock; a minute's slack covers skew on one host.
    Instant requested = Instant.now().minus(Duration.ofMinutes(1));
    MergeResult result =
        lakeFs.merge(
            table.repository(),
            staging,
            table.targetBranch(),
            staged.commit().message(),
            staged.commit().metadata());
    if (result instanceof MergeResult.Merged merged) {
      staged.phases().end("merge");
      discard(table.repository(), staging);
      staged.phases().end("cleanup");
      return PublishOutcome.merged(staged, merged.commitId());
    }
    if (result instanceof MergeResult.Rejected rejected) {
      String reasons =
          HookRunReports.latestFailedPreMerge(
                  lakeFs, table.repository(), table.targetBranch(), requested)
              .orElse(rejected.body());
      return PublishOutcome.rejected(staged, reasons);
    }
    // SourceGone or NothingToMerge: another run merged (and deleted) this very branch, or its
    // changes are already there.
    throw new PublishConflict(
        "staging branch " + staging + " was merged or removed by another run", null);
  }

  /**
   * Deletes a staging branch this process no longer needs. When lakeFS cannot be reached, the
   * deletion is remembered and retried before the next stage; the sweep is the last resort.
   */
  @Override
  public void discard(String repository, String branch) {
    try {
      deleteBranch(repository, branch);
      owned.release(branch);
    } catch (IOException e) {
      LOG.warn("could not delete staging branch {} yet: {}", branch, e.getMessage());
      owned.deleteLater(repository, branch);
    }
  }

  /** Stops owning a branch that is kept on purpose (a rejected merge, a merge still waiting). */
  @Override
  public void keep(String branch) {
    owned.release(branch);
  }

  /**
   * A committed staging branch of an earlier attempt at the same table and commit, made from the
   * table the target serves now with the model configured now: merging it is all that is left.
   */
  private Optional<StagedSync> committedAttempt(
      TableConfig table, String sourceCommit, String expectedPrevious, Phases phases)
      throws IOException {
    for (BranchRef branch :
        listBranches(table.repository(), StagingBranches.forTable(table.name(), sourceCommit))) {
      if (owned.owns(branch.name())) {
        continue;
      }
      LakeFsCommit head = lakeFs.readCommit(table.repository(), branch.commitId());
      Map<String, String> metadata = head.metadata();
      boolean ours =
          !SyncCheckpoint.isCheckpoint(metadata)
              && table.name().equals(metadata.get(Lineage.TABLE))
              && sourceCommit.equals(metadata.get(Lineage.SOURCE_COMMIT))
              && expectedPrevious.equals(metadata.get(Lineage.PREVIOUS_COMMIT))
              && models.model(table).stamp().equals(metadata.get(Lineage.MODEL));
      if (ours) {
        owned.claim(branch.name());
        return Optional.of(
            new StagedSync(table, sourceCommit, branch.name(), head, Optional.empty(), phases));
      }
    }
    return Optional.empty();
  }

  /** The commit a listed branch pointed at. */
  LakeFsCommit headOf(String repository, BranchRef branch) throws IOException {
    return lakeFs.readCommit(repository, branch.commitId());
  }

  /** The branches whose names start with {@code prefix}. */
  List<BranchRef> listBranches(String repository, String prefix) throws IOException {
    return lakeFs.listBranches(repository, prefix);
  }

  private void createBranch(
      TableConfig table, String staging, String sourceCommit, boolean afterConflict)
      throws IOException {
    // Same branch: start from the source commit, which holds both the data and the table as of
    // then. Another target, or after losing a race: start from the target's head, which holds the
    // table as the target serves it now, so the merge brings only this sync's changes.
    String base =
        table.branch().equals(table.targetBranch()) && !afterConflict
            ? sourceCommit
            : table.targetBranch();
    try {
      lakeFs.createBranch(table.repository(), staging, base);
    } catch (LakeFsFailure e) {
      throw e.describedAs("create staging branch " + staging);
    }
  }

  private LakeFsCommit commit(
      TableConfig table,
      String staging,
      SyncResult result,
      long millis,
      Map<String, String> moreLineage)
      throws IOException {
    Map<String, String> lineage =
        Lineage.of(table.name(), result, models.model(table).stamp(), lakesyncVersion, millis);
    lineage.putAll(moreLineage);
    if (images != null && table.images().enabled()) {
      lineage.putAll(
          Lineage.images(
              images.imageModel(table.images()), images.ocr(table.images()).stamp(), result));
    }
    try {
      return lakeFs.commit(
          table.repository(),
          staging,
          "lakesync: " + table.name() + " " + result.summary(),
          lineage);
    } catch (LakeFsFailure e) {
      throw e.describedAs("commit staging branch " + staging);
    }
  }

  /** Deletes a branch; one that is gone already is as good as deleted. */
  void deleteBranch(String repository, String branch) throws IOException {
    lakeFs.deleteBranch(repository, branch);
  }

  /**
   * The sync engine of a table on a branch: the staging branch of a sync, or of one of its shards.
   */
  public SyncEngine engine(TableConfig table, String staging) {
    LakeFsObjectSource source = new LakeFsObjectSource(lakeFs, s3, table.repository());
    LanceVectorStore store =
        new LanceVectorStore(tables.embeddingsAt(table, staging), tables.skipsAt(table, staging));
    return new SyncEngine(table, source, store, models.embedder(table), images, lakesyncVersion);
  }
}
