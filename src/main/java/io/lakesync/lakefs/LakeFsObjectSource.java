package io.lakesync.lakefs;

import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.model.ObjectStats;
import io.lakefs.clients.sdk.model.ObjectStatsList;
import io.lakesync.sync.ObjectChange;
import io.lakesync.sync.ObjectSource;
import io.lakesync.sync.SourceObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A repository as the sync engine sees it: listings, diffs and stats through the lakeFS API, object
 * bytes through the S3 gateway, always addressed by commit ID.
 */
public final class LakeFsObjectSource implements ObjectSource {
  private final LakeFsApi api;
  private final S3Client s3;
  private final String repository;

  public LakeFsObjectSource(LakeFsApi api, S3Client s3, String repository) {
    this.api = api;
    this.s3 = s3;
    this.repository = repository;
  }

  @Override
  public List<SourceObject> list(String commit, String prefix) throws IOException {
    List<SourceObject> objects = new ArrayList<>();
    String after = "";
    boolean more = true;
    try {
      while (more) {
        ObjectStatsList page =
            api.objects()
                .listObjects(repository, commit)
                .prefix(prefix)
                .amount(RefDiff.PAGE_SIZE)
                .after(after)
                .execute();
        for (ObjectStats stats : page.getResults()) {
          if (stats.getPathType() == ObjectStats.PathTypeEnum.OBJECT) {
            objects.add(toSource(stats));
          }
        }
        more = Boolean.TRUE.equals(page.getPagination().getHasMore());
        after = page.getPagination().getNextOffset();
      }
    } catch (ApiException e) {
      throw LakeFsFailure.of("list " + repository + "@" + commit + "/" + prefix, e);
    }
    return objects;
  }

  @Override
  public List<ObjectChange> diff(String fromCommit, String toCommit, String prefix)
      throws IOException {
    try {
      return api.diff().changes(repository, fromCommit, toCommit, prefix);
    } catch (ApiException e) {
      throw LakeFsFailure.of("diff " + repository + " " + fromCommit + ".." + toCommit, e);
    }
  }

  @Override
  public SourceObject stat(String commit, String path) throws IOException {
    try {
      return toSource(api.objects().statObject(repository, commit, path).execute());
    } catch (ApiException e) {
      throw LakeFsFailure.of("stat " + repository + "@" + commit + "/" + path, e);
    }
  }

  @Override
  public byte[] read(String commit, String path) throws IOException {
    try {
      return s3.getObjectAsBytes(b -> b.bucket(repository).key(commit + "/" + path)).asByteArray();
    } catch (SdkException e) {
      throw new IOException("cannot read s3://" + repository + "/" + commit + "/" + path, e);
    }
  }

  private static SourceObject toSource(ObjectStats stats) {
    long size = stats.getSizeBytes() == null ? 0 : stats.getSizeBytes();
    return new SourceObject(stats.getPath(), stats.getChecksum(), size);
  }
}
