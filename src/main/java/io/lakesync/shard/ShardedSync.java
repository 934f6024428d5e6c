package io.lakesync.shard;

import io.lakesync.config.TableConfig;
import io.lakesync.debug.PausePoints;
import io.lakesync.status.RunningSyncs;
import io.lakesync.sync.Phases;
import io.lakesync.sync.SkipRecord;
import io.lakesync.sync.SourceObject;
import io.lakesync.sync.SyncCheckpoint;
import io.lakesync.sync.SyncEngine;
import io.lakesync.sync.SyncResult;
import io.lakesync.sync.TableState;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.table.SkipTable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.lance.FragmentMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full rebuild too large for one instance, cut into shards that every instance of the application
 * embeds: the sync's owner (the instance whose stream task has the branch) submits the shards to
 * the work queue, waits until every shard's result is stored on its staging branch, then commits
 * all of their data files in one Lance transaction and records the state. The caller commits and
 * merges the branch once, as for any sync.
 *
 * <p>The plan is recorded on the staging branch (a checkpoint commit) before the shards are
 * submitted. When the owner dies while the shards run, the instance its stream task moves to finds
 * that branch, takes it over ({@link ShardAdoption}): the results stored there are kept, only the
 * shards without one are submitted again, and it collects and commits them as the first owner would
 * have.
 *
 * <p>Only full rebuilds (a backfill, a settings change) are sharded: every row is new, so the
 * shards' files replace the table in one Overwrite and no shard needs to see another's rows.
 * Incremental syncs stream on their owner.
 */
public final class ShardedSync {
  private static final Logger LOG = LoggerFactory.getLogger(ShardedSync.class);
  private static final Duration POLL = Duration.ofSeconds(1);

  /** What a sharded sync did, and the lineage that names who embedded what. */
  public record Outcome(SyncResult result, Map<String, String> lineage) {}

  public static final String SHARDS = "lakesync.shards";
  public static final String CHUNKS_BY_WORKER = "lakesync.chunks_by_worker";

  /** How many shard results a new owner found stored and kept (absent when none took over). */
  public static final String SHARDS_TAKEN_OVER = "lakesync.shards_taken_over";

  private final ShardQueue queue;
  private final ShardResults results;
  private final int shardObjects;
  private final Duration timeout;

  /**
   * @param shardObjects objects per shard; a rebuild of more objects than this is sharded
   * @param timeout how long the owner waits for every shard (the longest sync expected)
   */
  public ShardedSync(ShardQueue queue, ShardResults results, int shardObjects, Duration timeout) {
    this.queue = queue;
    this.results = results;
    this.shardObjects = shardObjects;
    this.timeout = timeout;
  }

  /** Whether the planned sync is cut into shards. */
  public boolean applies(SyncEngine.Planned planned) {
    return planned.plan().full() && planned.upserts().size() > shardObjects;
  }

  /**
   * Whether this instance can take over a staging branch whose head records {@code plan} (see
   * {@link ShardAdoption#possible}).
   */
  public boolean canTakeOver(ShardPlan plan, String lakesyncVersion) {
    return ShardAdoption.possible(plan, shardObjects, lakesyncVersion);
  }

  /**
   * Makes a sharded sync's progress durable on its staging branch: a commit with {@code metadata},
   * the sync's checkpoint and its {@link ShardPlan}.
   */
  @FunctionalInterface
  public interface Checkpoints {
    void commit(Map<String, String> metadata, String message) throws IOException;
  }

  /**
   * Runs the sync as shards on {@code staging}: records the plan there, submits the shards, waits
   * for their results and commits them as the table.
   *
   * @param takenOver the plan recorded on {@code staging} when this instance takes over the branch
   *     of an earlier owner of the sync: the results stored there are kept and only the other
   *     shards are submitted again; empty on a fresh branch
   */
  public Outcome run(
      TableConfig table,
      String staging,
      SyncEngine.Planned planned,
      SyncEngine engine,
      EmbeddingTable embeddings,
      SkipTable skips,
      String lakesyncVersion,
      Optional<ShardPlan> takenOver,
      Checkpoints checkpoints)
      throws IOException {
    Phases phases = new Phases();
    String sourceCommit = planned.sourceCommit();
    List<Shard> shards =
        Shard.cut(
            table.name(),
            table.repository(),
            sourceCommit,
            staging,
            planned.upserts(),
            planned.plan().added(),
            shardObjects);
    ShardPlan plan = ShardPlan.of(shards, shardObjects, lakesyncVersion);
    Map<String, String> checkpoint = new LinkedHashMap<>();
    checkpoint.putAll(
        new SyncCheckpoint(
                sourceCommit,
                planned.previous(),
                planned.fingerprint(),
                "",
                SyncCheckpoint.Counts.NONE)
            .asMetadata());
    checkpoint.putAll(plan.asMetadata());
    int kept =
        takenOver.isPresent()
            ? takeOver(table, staging, takenOver.get(), plan, shards, checkpoint, checkpoints)
            : submit(table, staging, shards, checkpoint, checkpoints);
    phases.end("submit");
    Map<Integer, ShardResult> done = await(table, sourceCommit, staging, shards);
    phases.end("shards");

    List<FragmentMetadata> fragments = new ArrayList<>();
    List<SkipRecord> skipRecords = new ArrayList<>();
    SyncCheckpoint.Counts counts = SyncCheckpoint.Counts.NONE;
    Map<String, Integer> chunksByWorker = new TreeMap<>();
    for (ShardResult result : done.values()) {
      for (String fragment : result.fragments()) {
        fragments.add(ShardCodec.fragment(fragment));
      }
      skipRecords.addAll(result.skips());
      counts = counts.plus(result.counts());
      chunksByWorker.merge(result.worker(), result.counts().chunks(), Integer::sum);
    }
    // Only the stored results' files: those of a run whose result was never stored (a worker that
    // died, a run that lost to another) are referenced by nothing.
    int imageDimension = engine.imageDimension();
    embeddings.replaceWith(fragments, imageDimension);
    Set<String> touched = new LinkedHashSet<>(planned.plan().removals());
    planned.upserts().forEach(o -> touched.add(o.path()));
    skips.apply(skipRecords, touched);
    embeddings.finish(
        new TableState(
            sourceCommit,
            planned.modelStamp(),
            planned.fingerprint(),
            lakesyncVersion,
            engine.modelRecord()));
    // Last, just before the branch is committed: until now a shard run again (a redelivery, or a
    // shard the new owner submitted again while its first run went on) finds its result and stops.
    results.deleteAll(table.repository(), staging, staging, table.path());
    phases.end("write");
    // The removals went with the Overwrite: the shards' rows are all the table has now.
    SyncCheckpoint.Counts removals =
        new SyncCheckpoint.Counts(
            0, 0, 0, planned.plan().removals().size(), Map.of(), 0, 0, 0, 0, 0);
    SyncResult result =
        SyncResult.written(
            sourceCommit,
            planned.previous(),
            true,
            counts.plus(removals),
            phases.done(),
            SyncCheckpoint.Counts.NONE);
    Map<String, String> lineage = new HashMap<>();
    lineage.put(SHARDS, Integer.toString(shards.size()));
    if (takenOver.isPresent()) {
      lineage.put(SHARDS_TAKEN_OVER, Integer.toString(kept));
    }
    lineage.put(
        CHUNKS_BY_WORKER,
        chunksByWorker.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(",")));
    return new Outcome(result, lineage);
  }

  /**
   * Deletes the shard results that the staging branch's commit {@code commitId} holds: a run of a
   * shard that went on while its twin's result was collected may store its own after the others
   * were deleted. True when it deleted any: the branch must be committed again, or they would reach
   * the target branch.
   */
  public boolean removeLateResults(TableConfig table, String staging, String commitId)
      throws IOException {
    return results.deleteAll(table.repository(), commitId, staging, table.path()) > 0;
  }

  /** A fresh branch: records the plan, then hands every shard over. Returns 0 results kept. */
  private int submit(
      TableConfig table,
      String staging,
      List<Shard> shards,
      Map<String, String> checkpoint,
      Checkpoints checkpoints)
      throws IOException {
    checkpoints.commit(
        checkpoint,
        String.format(
            "lakesync: %s sync to %s cut into %d shards of %d objects",
            table.name(), shards.get(0).sourceCommit(), shards.size(), shardObjects));
    LOG.info(
        "{}: {} objects cut into {} shards for every instance, on {}",
        table.name(),
        shards.stream().mapToInt(s -> s.objects().size()).sum(),
        shards.size(),
        staging);
    // In two halves, so that a crash test can stop the owner between them: a new owner must then
    // submit the shards nobody ever received.
    int half = shards.size() / 2;
    queue.submit(shards.subList(0, half));
    PausePoints.reached(PausePoints.MID_SHARD_SUBMIT);
    queue.submit(shards.subList(half, shards.size()));
    return 0;
  }

  /**
   * An earlier owner's branch: keeps the results stored there, checkpoints the branch again (the
   * sweep ages it from now on, while this instance waits) and submits only the shards without a
   * result. Returns how many results it kept.
   */
  private int takeOver(
      TableConfig table,
      String staging,
      ShardPlan recorded,
      ShardPlan plan,
      List<Shard> shards,
      Map<String, String> checkpoint,
      Checkpoints checkpoints)
      throws IOException {
    Map<Integer, ShardResult> stored = new TreeMap<>();
    results.readNew(table.repository(), staging, table.path(), stored);
    List<Shard> unfinished = ShardAdoption.unfinished(recorded, plan, shards, stored.keySet());
    int kept = shards.size() - unfinished.size();
    checkpoints.commit(
        checkpoint,
        String.format(
            "lakesync: %s shards taken over: %d of %d results stored",
            table.name(), kept, shards.size()));
    queue.submit(unfinished);
    LOG.info(
        "{}: took over the sharded sync on {}: {} of {} shard results stored, {} shards submitted"
            + " again",
        table.name(),
        staging,
        kept,
        shards.size(),
        unfinished.size());
    return kept;
  }

  /** Waits until every shard's result is stored, showing the progress as objects written. */
  private Map<Integer, ShardResult> await(
      TableConfig table, String sourceCommit, String staging, List<Shard> shards)
      throws IOException {
    long total = shards.stream().flatMap(s -> s.objects().stream()).count();
    long bytes =
        shards.stream().flatMap(s -> s.objects().stream()).mapToLong(SourceObject::sizeBytes).sum();
    RunningSyncs.Running progress =
        RunningSyncs.started(table.name(), sourceCommit, (int) total, bytes, 0, 0);
    progress.phase(RunningSyncs.Phase.EMBEDDING);
    Map<Integer, ShardResult> done = new TreeMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        Set<Integer> seen = Set.copyOf(done.keySet());
        results.readNew(table.repository(), staging, table.path(), done);
        for (int index : done.keySet()) {
          if (seen.contains(index)) {
            continue;
          }
          ShardResult result = done.get(index);
          progress.objectRead(result.counts().chunks());
          progress.chunksDone(result.counts().chunks(), result.counts().modelCalls());
          progress.written(
              result.counts().objectsDone(),
              shards.get(index).objects().stream().mapToLong(SourceObject::sizeBytes).sum());
        }
        if (done.size() == shards.size()) {
          return done;
        }
        if (System.nanoTime() > deadline) {
          throw new IOException(
              String.format(
                  "%d of %d shards of the sync to %s were not done within %s",
                  shards.size() - done.size(), shards.size(), sourceCommit, timeout));
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for shards");
    } finally {
      RunningSyncs.finished(table.name());
    }
  }
}
