package io.lakesync.testing;

import io.lakefs.clients.sdk.ActionsApi;
import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.AuthApi;
import io.lakefs.clients.sdk.BranchesApi;
import io.lakefs.clients.sdk.CommitsApi;
import io.lakefs.clients.sdk.ObjectsApi;
import io.lakefs.clients.sdk.RefsApi;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.TagsApi;
import io.lakesync.config.LakeFsSettings;

/**
 * The raw lakeFS SDK for tests that set lakeFS up (repositories, users) or look at it from outside
 * lakesync's port, so that they never reach into lakesync's own client.
 */
public final class LakeFsSdk {
  private final ApiClient client;

  private LakeFsSdk(ApiClient client) {
    this.client = client;
  }

  public static LakeFsSdk connect(LakeFsSettings settings) {
    ApiClient client = new ApiClient();
    client.setBasePath(settings.apiBasePath());
    client.setUsername(settings.accessKeyId());
    client.setPassword(settings.secretAccessKey().reveal());
    // Long enough for a merge that waits for pre-merge hooks.
    client.setReadTimeout(300_000);
    return new LakeFsSdk(client);
  }

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

  public TagsApi tags() {
    return new TagsApi(client);
  }

  public ActionsApi actions() {
    return new ActionsApi(client);
  }

  public AuthApi auth() {
    return new AuthApi(client);
  }
}
