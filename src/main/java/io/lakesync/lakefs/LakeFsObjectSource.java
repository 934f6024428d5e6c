package io.lakesync.lakefs;

import io.lakesync.sync.ObjectChange;
import io.lakesync.sync.ObjectSource;
import io.lakesync.sync.SourceObject;
import java.io.IOException;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A repository as the sync engine sees it: listings, diffs and stats through the lakeFS API, object
 * bytes through the S3 gateway, always addressed by commit ID.
 */
public final class LakeFsObjectSource implements ObjectSource {
  private final LakeFs lakeFs;
  private final S3Client s3;
  private final String repository;

  public LakeFsObjectSource(LakeFs lakeFs, S3Client s3, String repository) {
    this.lakeFs = lakeFs;
    this.s3 = s3;
    this.repository = repository;
  }

  @Override
  public List<SourceObject> list(String commit, String prefix) throws IOException {
    return lakeFs.listObjects(repository, commit, prefix);
  }

  @Override
  public List<ObjectChange> diff(String fromCommit, String toCommit, String prefix)
      throws IOException {
    return lakeFs.changes(repository, fromCommit, toCommit, prefix);
  }

  @Override
  public SourceObject stat(String commit, String path) throws IOException {
    return lakeFs.statObject(repository, commit, path);
  }

  @Override
  public byte[] read(String commit, String path) throws IOException {
    try {
      return s3.getObjectAsBytes(b -> b.bucket(repository).key(commit + "/" + path)).asByteArray();
    } catch (SdkException e) {
      throw new IOException("cannot read s3://" + repository + "/" + commit + "/" + path, e);
    }
  }
}
