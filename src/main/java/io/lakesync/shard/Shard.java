package io.lakesync.shard;

import io.lakesync.sync.SourceObject;
import java.util.List;

/**
 * One piece of a sharded sync: objects (consecutive in path order) that any instance may read,
 * embed and write as data files of the table on the sync's staging branch.
 *
 * @param table the table's name in the configuration
 * @param repository the table's lakeFS repository
 * @param sourceCommit the commit the objects are read at
 * @param staging the sync's staging branch: the result goes there, and a shard whose branch is gone
 *     belongs to a sync that ended
 * @param index the shard's number, 0 to {@code count - 1}
 * @param count how many shards the sync has
 * @param objects the objects to read
 * @param added the objects' paths that are new to the table (for the counts)
 */
public record Shard(
    String table,
    String repository,
    String sourceCommit,
    String staging,
    int index,
    int count,
    List<SourceObject> objects,
    List<String> added) {
  public Shard {
    objects = List.copyOf(objects);
    added = List.copyOf(added);
  }

  /** The record key on the work topic: one per shard of one sync. */
  public String key() {
    return staging + "/" + index;
  }

  /** Cuts a sync's objects (in path order) into shards of at most {@code size} objects. */
  public static List<Shard> cut(
      String table,
      String repository,
      String sourceCommit,
      String staging,
      List<SourceObject> objects,
      java.util.Set<String> added,
      int size) {
    int count = (objects.size() + size - 1) / size;
    List<Shard> shards = new java.util.ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      List<SourceObject> part = objects.subList(i * size, Math.min(objects.size(), (i + 1) * size));
      shards.add(
          new Shard(
              table,
              repository,
              sourceCommit,
              staging,
              i,
              count,
              part,
              part.stream().map(SourceObject::path).filter(added::contains).toList()));
    }
    return shards;
  }
}
