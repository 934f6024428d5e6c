package io.lakesync.shard;

import io.lakesync.lakefs.LakeFs;
import io.lakesync.sync.SourceObject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Shard results as objects on the sync's staging branch, next to the table's data files: a result
 * is durable once its PUT returns, before the worker acknowledges the shard, and it needs no other
 * store. They live inside the table's directory (which no sync reads as data) and are deleted
 * before the staging branch is committed, so they never reach the target branch.
 */
public final class ShardResults {
  static final String DIRECTORY = "_lakesync_shards/";

  private final LakeFs lakeFs;
  private final S3Client s3;

  public ShardResults(LakeFs lakeFs, S3Client s3) {
    this.lakeFs = lakeFs;
    this.s3 = s3;
  }

  /** Stores a shard's result, replacing one an earlier run of the same shard stored. */
  public void put(String repository, String tablePath, ShardResult result) throws IOException {
    String key = key(result.staging(), tablePath, result.index());
    try {
      s3.putObject(
          b -> b.bucket(repository).key(key), RequestBody.fromBytes(ShardCodec.result(result)));
    } catch (SdkException e) {
      throw new IOException("cannot store shard result s3://" + repository + "/" + key, e);
    }
  }

  /** Whether the shard's result is stored already (a redelivered shard is then done). */
  public boolean exists(String repository, String staging, String tablePath, int index)
      throws IOException {
    try {
      s3.headObject(b -> b.bucket(repository).key(key(staging, tablePath, index)));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (SdkException e) {
      if (e instanceof software.amazon.awssdk.services.s3.model.S3Exception s3e
          && s3e.statusCode() == 404) {
        return false;
      }
      throw new IOException("cannot look for a shard result on " + staging, e);
    }
  }

  /**
   * Adds the results stored on the staging branch that {@code known} lacks, by shard index: a
   * waiting owner reads each result once.
   */
  public void readNew(
      String repository, String staging, String tablePath, Map<Integer, ShardResult> known)
      throws IOException {
    for (SourceObject object : list(repository, staging, tablePath)) {
      String name = object.path().substring(object.path().lastIndexOf('/') + 1);
      if (!name.endsWith(".json")) {
        continue;
      }
      int index;
      try {
        index = Integer.parseInt(name.substring(0, name.length() - ".json".length()));
      } catch (NumberFormatException notOurs) {
        continue;
      }
      if (known.containsKey(index)) {
        continue;
      }
      byte[] json;
      try {
        json =
            s3.getObjectAsBytes(b -> b.bucket(repository).key(staging + "/" + object.path()))
                .asByteArray();
      } catch (SdkException e) {
        throw new IOException("cannot read shard result " + object.path(), e);
      }
      known.put(index, ShardCodec.result(json));
    }
  }

  /**
   * Deletes the results found at {@code ref} (the branch, or one of its commits) from the branch,
   * once the table references their data files; returns how many.
   */
  public int deleteAll(String repository, String ref, String staging, String tablePath)
      throws IOException {
    List<SourceObject> found = list(repository, ref, tablePath);
    for (SourceObject object : found) {
      try {
        s3.deleteObject(b -> b.bucket(repository).key(staging + "/" + object.path()));
      } catch (SdkException e) {
        throw new IOException("cannot delete shard result " + object.path(), e);
      }
    }
    return found.size();
  }

  private List<SourceObject> list(String repository, String ref, String tablePath)
      throws IOException {
    return lakeFs.listObjects(repository, ref, prefix(tablePath));
  }

  private static String prefix(String tablePath) {
    return tablePath + "/" + DIRECTORY;
  }

  private static String key(String staging, String tablePath, int index) {
    return staging + "/" + prefix(tablePath) + String.format("%06d.json", index);
  }
}
