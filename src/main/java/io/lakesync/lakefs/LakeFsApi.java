package io.lakesync.lakefs;

import io.lakefs.clients.sdk.ActionsApi;
import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.BranchesApi;
import io.lakefs.clients.sdk.CommitsApi;
import io.lakefs.clients.sdk.ObjectsApi;
import io.lakefs.clients.sdk.RefsApi;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakesync.config.LakeFsSettings;
import java.time.Duration;

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

  public RefDiff diff() {
    return new RefDiff(refs());
  }
}
