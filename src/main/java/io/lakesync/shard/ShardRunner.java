package io.lakesync.shard;

import io.lakesync.config.TableConfig;
import io.lakesync.lakefs.BranchRef;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.sync.SkipRecord;
import io.lakesync.sync.SyncCheckpoint;
import io.lakesync.sync.SyncEngine;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.table.TableOpener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does one shard, on whichever instance Kafka gave it to: reads, embeds and writes its objects as
 * data files of the table on the sync's staging branch, then stores the result there. Running a
 * shard twice (redelivered after a crash, or submitted again by a new owner of the sync) is
 * harmless: a stored result is not redone, a shard that died halfway leaves only files nothing
 * references, and a shard of a sync that has collected its results is not run at all.
 */
public final class ShardRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ShardRunner.class);

  /** What became of a shard. */
  public enum Outcome {
    /** Embedded and stored by this instance. */
    DONE,
    /** Its result was stored already (by an earlier delivery). */
    ALREADY_DONE,
    /**
     * Its sync is over (the staging branch is gone or committed) or its table is not configured
     * here.
     */
    OBSOLETE
  }

  private final Map<String, TableConfig> tables;
  private final BiFunction<TableConfig, String, SyncEngine> engines;
  private final TableOpener opener;
  private final LakeFs lakeFs;
  private final ShardResults results;
  private final String worker;

  /**
   * @param engines the sync engine of a table on a branch (the publisher's)
   * @param worker this instance's name in results, lineage and logs
   */
  public ShardRunner(
      List<TableConfig> tables,
      BiFunction<TableConfig, String, SyncEngine> engines,
      TableOpener opener,
      LakeFs lakeFs,
      ShardResults results,
      String worker) {
    this.tables = tables.stream().collect(Collectors.toMap(TableConfig::name, Function.identity()));
    this.engines = engines;
    this.opener = opener;
    this.lakeFs = lakeFs;
    this.results = results;
    this.worker = worker;
  }

  public String worker() {
    return worker;
  }

  /** Runs the shard; the returned counts are empty unless this instance embedded it. */
  public Result run(Shard shard) throws IOException {
    TableConfig table = tables.get(shard.table());
    if (table == null || !table.repository().equals(shard.repository())) {
      LOG.warn("shard {} is of table {}, which is not configured here", shard.key(), shard.table());
      return new Result(Outcome.OBSOLETE, SyncCheckpoint.Counts.NONE);
    }
    if (!awaited(shard)) {
      LOG.info(
          "shard {}: its sync is over (branch {} gone or committed)", shard.key(), shard.staging());
      return new Result(Outcome.OBSOLETE, SyncCheckpoint.Counts.NONE);
    }
    if (results.exists(shard.repository(), shard.staging(), table.path(), shard.index())) {
      return new Result(Outcome.ALREADY_DONE, SyncCheckpoint.Counts.NONE);
    }
    EmbeddingTable target = opener.embeddingsAt(table, shard.staging());
    SyncEngine engine = engines.apply(table, shard.staging());
    int imageDimension = engine.imageDimension();
    List<String> fragments = new ArrayList<>();
    List<SkipRecord> skips = new ArrayList<>();
    SyncCheckpoint.Counts counts =
        engine.stream(
            shard.sourceCommit(),
            shard.objects(),
            Set.copyOf(shard.added()),
            table.name() + "#shard-" + shard.index(),
            (rows, batchSkips, touched, newPathsOnly) -> {
              if (!rows.isEmpty()) {
                target
                    .writeFragments(rows, imageDimension)
                    .forEach(f -> fragments.add(ShardCodec.fragment(f)));
              }
              skips.addAll(batchSkips);
            });
    results.put(
        shard.repository(),
        table.path(),
        new ShardResult(shard.staging(), shard.index(), worker, fragments, skips, counts));
    LOG.info(
        "shard {} of {} for {}: {} objects, {} chunks ({} embedded) by {}",
        shard.index() + 1,
        shard.count(),
        table.name(),
        counts.objectsDone(),
        counts.chunks(),
        counts.modelCalls(),
        worker);
    return new Result(Outcome.DONE, counts);
  }

  /** A shard's outcome, and what this instance embedded for it. */
  public record Result(Outcome outcome, SyncCheckpoint.Counts counts) {}

  /**
   * Whether the shard's sync still waits for shards: its staging branch exists and its head is the
   * sync's shard plan. Gone, the sync ended; committed past the plan, the owner has collected every
   * result (a shard run again now would store a result nobody reads).
   */
  private boolean awaited(Shard shard) throws IOException {
    Optional<BranchRef> branch =
        lakeFs.listBranches(shard.repository(), shard.staging()).stream()
            .filter(b -> b.name().equals(shard.staging()))
            .findFirst();
    return branch.isPresent()
        && ShardPlan.fromMetadata(
                lakeFs.readCommit(shard.repository(), branch.get().commitId()).metadata())
            .isPresent();
  }
}
