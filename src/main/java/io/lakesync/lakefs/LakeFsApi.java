package io.lakesync.lakefs;

import io.lakefs.clients.sdk.ActionsApi;
import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.BranchesApi;
import io.lakefs.clients.sdk.CommitsApi;
import io.lakefs.clients.sdk.ObjectsApi;
import io.lakefs.clients.sdk.RefsApi;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.model.Commit;
import io.lakesync.config.LakeFsSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The lakeFS REST API groups lakesync uses, sharing one HTTP client and one set of credentials.
 *
 * <p>The read timeout is long on purpose: a merge request waits for every pre-merge hook to run,
 * and a client that gives up first aborts the merge, so it must outlast the slowest hook.
 */
public final class LakeFsApi {
  /** Above lakeFS's default hook timeout (1 min) with room for several hooks in a row. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(5);

  private final ApiClient client;

  private LakeFsApi(ApiClient client) {
    this.client = client;
  }

  public static LakeFsApi connect(LakeFsSettings settings) {
    return connect(settings, DEFAULT_READ_TIMEOUT);
  }

  public static LakeFsApi connect(LakeFsSettings settings, Duration readTimeout) {
    ApiClient client = new ApiClient();
    client.setBasePath(settings.apiBasePath());
    client.setUsername(settings.accessKeyId());
    client.setPassword(settings.secretAccessKey().reveal());
    client.setConnectTimeout(10_000);
    client.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
    client.setWriteTimeout(60_000);
    return new LakeFsApi(client);
  }

  /** The underlying client, for API groups lakesync uses in one place only. */
  public ApiClient client() {
    return client;
  }

  public RepositoriesApi repositories() {
    return new RepositoriesApi(client);
  }

  public BranchesApi branches() {
    return new BranchesApi(client);
  }

  public CommitsApi commits() {
    return new CommitsApi(client);
  }

  public ObjectsApi objects() {
    return new ObjectsApi(client);
  }

  public RefsApi refs() {
    return new RefsApi(client);
  }

  public ActionsApi actions() {
    return new ActionsApi(client);
  }

  /** The commit ID a branch points at now. */
  public String branchHead(String repository, String branch) throws IOException {
    try {
      return branches().getBranch(repository, branch).execute().getCommitId();
    } catch (ApiException e) {
      throw LakeFsFailure.of("read branch " + repository + "/" + branch, e);
    }
  }

  /**
   * The commit a branch, tag or commit ID names now; empty when the repository has no such ref
   * (lakeFS answers 404, or 400 for a name that cannot be a ref).
   */
  public Optional<Commit> findCommit(String repository, String ref) throws IOException {
    try {
      return Optional.of(commits().getCommit(repository, ref).execute());
    } catch (ApiException e) {
      LakeFsFailure failure = LakeFsFailure.of("resolve " + repository + "@" + ref, e);
      if (failure.notFound() || failure.status() == 400) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  public RefDiff diff() {
    return new RefDiff(refs());
  }
}
