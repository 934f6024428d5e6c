package io.lakesync.shard;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * What a new owner does with the staging branch of a sharded sync it did not start (the owner died,
 * or the branch's stream task moved to this instance): it takes the branch over when the branch
 * holds the very shards it would cut itself, keeps every stored result, and submits again only the
 * shards without one. The decision, without any I/O.
 */
public final class ShardAdoption {
  /** The branch's shards are not the ones this instance cuts: its results cannot be used. */
  public static final class PlanChanged extends IOException {
    private static final long serialVersionUID = 1L;

    PlanChanged(String message) {
      super(message);
    }
  }

  private ShardAdoption() {}

  /**
   * Whether a branch whose head records {@code recorded} may be taken over here, judged from its
   * metadata before the sync is planned: cut at the same size, and its results written in this
   * version's fragment format.
   */
  public static boolean possible(ShardPlan recorded, int shardObjects, String lakesyncVersion) {
    return recorded.shardObjects() == shardObjects
        && recorded.lakesyncVersion().equals(lakesyncVersion);
  }

  /**
   * The shards to submit again: those of {@code shards} without a stored result. A shard still
   * queued or running may then be done twice; its result is keyed by the shard, so the second run
   * finds the first's result and stops, or replaces it with an equal one.
   *
   * @param recorded the plan on the branch
   * @param cut the plan of {@code shards}, the sync as this instance planned it
   * @param stored the indexes of the shards whose result is stored on the branch
   * @throws PlanChanged when the branch's shards are not these
   */
  public static List<Shard> unfinished(
      ShardPlan recorded, ShardPlan cut, List<Shard> shards, Set<Integer> stored)
      throws PlanChanged {
    if (!recorded.equals(cut)) {
      throw new PlanChanged(
          String.format(
              "the staging branch holds shards of another plan (%d shards of %d objects, digest"
                  + " %.12s, lakesync %s) than this sync's (%d of %d, %.12s, %s)",
              recorded.shards(),
              recorded.objects(),
              recorded.digest(),
              recorded.lakesyncVersion(),
              cut.shards(),
              cut.objects(),
              cut.digest(),
              cut.lakesyncVersion()));
    }
    return shards.stream().filter(s -> !stored.contains(s.index())).toList();
  }
}
