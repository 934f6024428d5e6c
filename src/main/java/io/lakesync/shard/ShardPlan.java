package io.lakesync.shard;

import io.lakesync.sync.SourceObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a sharded sync was cut, recorded as commit metadata on its staging branch before its shards
 * are submitted: the branch then says "a sharded sync in progress", so the sweep ages it by that
 * commit, a worker knows its shard's sync still waits, and a new owner can tell whether the results
 * stored there are results of the very shards it would cut itself.
 *
 * @param shardObjects objects per shard
 * @param shards how many shards
 * @param objects how many objects, over all shards
 * @param digest the objects of every shard, in order (paths, checksums and sizes)
 * @param lakesyncVersion the version that cut them: results travel in its fragment format
 */
public record ShardPlan(
    int shardObjects, int shards, int objects, String digest, String lakesyncVersion) {
  static final String PREFIX = "lakesync.shard_plan.";
  private static final String SHARD_OBJECTS = PREFIX + "shard_objects";
  private static final String SHARDS = PREFIX + "shards";
  private static final String OBJECTS = PREFIX + "objects";
  private static final String DIGEST = PREFIX + "digest";
  private static final String VERSION = PREFIX + "lakesync_version";

  /** The plan of the given shards, cut at {@code shardObjects} objects each. */
  public static ShardPlan of(List<Shard> shards, int shardObjects, String lakesyncVersion) {
    MessageDigest digest = sha256();
    int objects = 0;
    for (Shard shard : shards) {
      digest.update(("shard " + shard.index() + "\n").getBytes(StandardCharsets.UTF_8));
      for (SourceObject object : shard.objects()) {
        String line = object.path() + "\0" + object.checksum() + "\0" + object.sizeBytes() + "\n";
        digest.update(line.getBytes(StandardCharsets.UTF_8));
        objects++;
      }
    }
    return new ShardPlan(
        shardObjects,
        shards.size(),
        objects,
        HexFormat.of().formatHex(digest.digest()),
        lakesyncVersion);
  }

  public Map<String, String> asMetadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(SHARD_OBJECTS, Integer.toString(shardObjects));
    metadata.put(SHARDS, Integer.toString(shards));
    metadata.put(OBJECTS, Integer.toString(objects));
    metadata.put(DIGEST, digest);
    metadata.put(VERSION, lakesyncVersion);
    return metadata;
  }

  /** The plan a commit's metadata records; empty for any other commit. */
  public static Optional<ShardPlan> fromMetadata(Map<String, String> metadata) {
    if (!metadata.containsKey(DIGEST)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new ShardPlan(
              Integer.parseInt(metadata.get(SHARD_OBJECTS)),
              Integer.parseInt(metadata.get(SHARDS)),
              Integer.parseInt(metadata.get(OBJECTS)),
              metadata.get(DIGEST),
              metadata.getOrDefault(VERSION, "")));
    } catch (NumberFormatException unreadable) {
      // Edited by hand, or written by another version: no plan to trust.
      return Optional.empty();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
