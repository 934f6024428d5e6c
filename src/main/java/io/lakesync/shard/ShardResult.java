package io.lakesync.shard;

import io.lakesync.sync.SkipRecord;
import io.lakesync.sync.SyncCheckpoint;
import java.util.List;

/**
 * What one instance made of one shard: the table's data files it wrote (uncommitted: the sync's
 * owner commits every shard's in one transaction), the skip records, the counts, and who did it.
 *
 * @param fragments the written fragments' metadata, each serialized by {@link ShardCodec}
 * @param worker the instance that embedded the shard
 */
public record ShardResult(
    String staging,
    int index,
    String worker,
    List<String> fragments,
    List<SkipRecord> skips,
    SyncCheckpoint.Counts counts) {
  public ShardResult {
    fragments = List.copyOf(fragments);
    skips = List.copyOf(skips);
  }
}
