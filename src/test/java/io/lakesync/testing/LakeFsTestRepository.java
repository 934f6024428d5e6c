package io.lakesync.testing;

import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.model.BranchCreation;
import io.lakefs.clients.sdk.model.Commit;
import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.Merge;
import io.lakefs.clients.sdk.model.MergeResult;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.lakefs.S3Gateway;
import io.lakesync.lakefs.SdkLakeFs;
import io.lakesync.table.TableOpener;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A repository created for one test on the shared lakeFS server, with shortcuts for the steps tests
 * repeat: upload through the S3 gateway, commit, branch, merge. {@link #lakeFs()} is lakesync's
 * client, for the classes under test; {@link #sdk()} is the raw SDK, for setting up and looking.
 */
public final class LakeFsTestRepository implements AutoCloseable {
  public static final String MAIN = "main";

  private final String name;
  private final LakeFsSettings settings;
  private final LakeFsSdk sdk;
  private final LakeFs lakeFs;
  private final S3Client s3;

  private LakeFsTestRepository(String name, LakeFsSettings settings, LakeFsSdk sdk) {
    this.name = name;
    this.settings = settings;
    this.sdk = sdk;
    this.lakeFs = SdkLakeFs.connect(settings, LakeFsErrors.NONE);
    this.s3 = S3Gateway.client(settings);
  }

  static LakeFsTestRepository create(LakeFsServer server, String name) throws ApiException {
    return create(server.settings(), name);
  }

  /** A repository on any lakeFS (the containerised one of ContainerStackIT, …). */
  public static LakeFsTestRepository create(LakeFsSettings settings, String name)
      throws ApiException {
    LakeFsSdk sdk = LakeFsSdk.connect(settings);
    sdk.repositories()
        .createRepository(
            new RepositoryCreation()
                .name(name)
                // One local:// namespace per repository: lakeFS refuses to share them.
                .storageNamespace("local://" + name)
                .defaultBranch(MAIN))
        .execute();
    return new LakeFsTestRepository(name, settings, sdk);
  }

  public String name() {
    return name;
  }

  public LakeFsSettings settings() {
    return settings;
  }

  /** lakesync's lakeFS client, as the classes under test take it. */
  public LakeFs lakeFs() {
    return lakeFs;
  }

  /** The raw SDK, for setting lakeFS up and for looking at it from outside lakesync. */
  public LakeFsSdk sdk() {
    return sdk;
  }

  public S3Client s3() {
    return s3;
  }

  /** The Lance tables in this repository, with the vectors of {@code embedder}'s model. */
  public TableOpener tables(BufferAllocator allocator, TextEmbedder embedder) {
    return new TableOpener(allocator, settings, embedder.model().dimension());
  }

  /** The environment {@code bin/lakesync} needs to reach this repository's lakeFS. */
  public java.util.Map<String, String> cliEnvironment() {
    java.util.Map<String, String> env = new java.util.HashMap<>();
    env.put("LAKEFS_ENDPOINT", settings.endpoint().toString());
    env.put("LAKEFS_ACCESS_KEY_ID", settings.accessKeyId());
    env.put("LAKEFS_SECRET_ACCESS_KEY", settings.secretAccessKey().reveal());
    env.put("LAKESYNC_CACHE", ProjectDir.buildDir().resolve("it-cache").toString());
    return env;
  }

  public void put(String branch, String path, String content) {
    s3.putObject(
        b -> b.bucket(name).key(branch + "/" + path),
        RequestBody.fromString(content, StandardCharsets.UTF_8));
  }

  public void delete(String branch, String path) {
    s3.deleteObject(b -> b.bucket(name).key(branch + "/" + path));
  }

  public String get(String ref, String path) {
    return s3.getObjectAsBytes(b -> b.bucket(name).key(ref + "/" + path)).asUtf8String();
  }

  public Commit commit(String branch, String message, Map<String, String> metadata)
      throws ApiException {
    return sdk.commits()
        .commit(name, branch, new CommitCreation().message(message).metadata(metadata))
        .execute();
  }

  public void createBranch(String branch, String source) throws ApiException {
    sdk.branches().createBranch(name, new BranchCreation().name(branch).source(source)).execute();
  }

  public MergeResult merge(String source, String destination) throws ApiException {
    return sdk.refs().mergeIntoBranch(name, source, destination).merge(new Merge()).execute();
  }

  public String head(String branch) throws ApiException {
    return sdk.branches().getBranch(name, branch).execute().getCommitId();
  }

  @Override
  public void close() {
    s3.close();
  }
}
