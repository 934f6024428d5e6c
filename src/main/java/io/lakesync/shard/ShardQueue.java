package io.lakesync.shard;

import java.io.IOException;
import java.util.List;

/**
 * Where a sync's owner puts its shards for every instance to take: in {@code serve}, a Kafka topic
 * whose partitions the group spreads over the instances (and moves when one dies).
 */
@FunctionalInterface
public interface ShardQueue {
  /** Hands the shards over durably: when this returns, they are not lost if this process dies. */
  void submit(List<Shard> shards) throws IOException;
}
