package io.lakesync.shard;

import io.lakesync.config.TableConfig;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

  public Outcome run(
      TableConfig table,
      String staging,
      SyncEngine.Planned planned,
      SyncEngine engine,
      EmbeddingTable embeddings,
      SkipTable skips,
      String lakesyncVersion)
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
    queue.submit(shards);
    phases.end("submit");
    LOG.info(
        "{}: {} objects cut into {} shards for every instance, on {}",
        table.name(),
        planned.upserts().size(),
        shards.size(),
        staging);
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
    int imageDimension = engine.imageDimension();
    embeddings.replaceWith(fragments, imageDimension);
    Set<String> touched = new LinkedHashSet<>(planned.plan().removals());
    planned.upserts().forEach(o -> touched.add(o.path()));
    skips.apply(skipRecords, touched);
    results.deleteAll(table.repository(), staging, table.path());
    embeddings.finish(
        new TableState(sourceCommit, planned.modelStamp(), planned.fingerprint(), lakesyncVersion));
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
    lineage.put(
        CHUNKS_BY_WORKER,
        chunksByWorker.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(",")));
    return new Outcome(result, lineage);
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
