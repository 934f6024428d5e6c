package io.lakesync.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.AuthApi;
import io.lakefs.clients.sdk.model.CredentialsWithSecret;
import io.lakefs.clients.sdk.model.GroupCreation;
import io.lakefs.clients.sdk.model.UserCreation;
import io.lakesync.config.Environment;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * lakeFS with per-user permissions for the integration tests: its reference ACL auth server and a
 * lakeFS that asks it, started and stopped through {@code bin/lakefs-acl-local} with a fresh data
 * directory. The admin is lakeFS's installation user; {@link #reader} makes a user who may read one
 * repository and nothing else, the way an operator would (see the script's header).
 */
public final class LakeFsAclStack implements AutoCloseable {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> scriptEnv;
  private final LakeFsSettings admin;
  private final LakeFsSdk sdk;
  private final URI aclEndpoint;
  private final HttpClient http = HttpClient.newHttpClient();

  private LakeFsAclStack(Map<String, String> scriptEnv, Map<String, String> exports) {
    this.scriptEnv = scriptEnv;
    this.admin = LakeFsSettings.fromEnvironment(Environment.of(exports));
    this.sdk = LakeFsSdk.connect(admin);
    this.aclEndpoint = URI.create(exports.get("LAKEFS_ACL_ENDPOINT"));
  }

  public static LakeFsAclStack start() {
    Path home = ProjectDir.buildDir().resolve("it-lakefs-acl");
    LakeFsServer.deleteRecursively(home);
    Map<String, String> env = new HashMap<>();
    env.put("LAKEFS_ACL_HOME", home.toString());
    env.put("LAKEFS_PORT", Integer.toString(FreePorts.next()));
    env.put("LAKEFS_ACL_PORT", Integer.toString(FreePorts.next()));
    try {
      return new LakeFsAclStack(env, ShellExports.parse(script("start", env)));
    } catch (RuntimeException e) {
      // One of the two servers may be up already: never leave it behind.
      script("stop", env);
      throw e;
    }
  }

  public LakeFsSettings adminSettings() {
    return admin;
  }

  /** A repository created by the admin; the shortcuts act as the admin. */
  public LakeFsTestRepository createRepository(String name) throws ApiException {
    return LakeFsTestRepository.create(admin, name);
  }

  /**
   * A new user with an access key pair who may read {@code repository} (its objects, branches,
   * commits) and nothing else: a group holding the user, and a policy on that group. The policy
   * goes to the ACL server's own API, since lakeFS answers 501 to policy calls in this mode and the
   * ACL model itself only grants on every repository.
   */
  public LakeFsSettings reader(String user, String repository) throws ApiException, IOException {
    AuthApi auth = sdk.auth();
    auth.createUser().userCreation(new UserCreation().id(user)).execute();
    CredentialsWithSecret keys = auth.createCredentials(user).execute();
    String group = repository + "-readers";
    String policy = repository + "-read";
    auth.createGroup().groupCreation(new GroupCreation().id(group)).execute();
    auth.addGroupMembership(group, user).execute();
    acl("POST", "/auth/policies", readPolicy(policy, repository));
    acl("PUT", "/auth/groups/" + group + "/policies/" + policy, null);
    return new LakeFsSettings(
        admin.endpoint(), keys.getAccessKeyId(), Secret.of(keys.getSecretAccessKey()));
  }

  /**
   * Read and list on the repository's own resource (getRepository, getCommit, listing) and on
   * everything under it (objects, branches); {@code repository/NAME*} would also match NAME2.
   * ReadConfig lets clients read the storage configuration, as the built-in Read ACL does.
   */
  private static Map<String, Object> readPolicy(String name, String repository) {
    List<String> read = List.of("fs:Read*", "fs:List*");
    String arn = "arn:lakefs:fs:::repository/" + repository;
    return Map.of(
        "name",
        name,
        "statement",
        List.of(
            Map.of("effect", "allow", "action", read, "resource", arn),
            Map.of("effect", "allow", "action", read, "resource", arn + "/*"),
            Map.of("effect", "allow", "action", List.of("fs:ReadConfig"), "resource", "*")));
  }

  /** A call to the ACL server's API (unauthenticated; the script keeps it on loopback). */
  private void acl(String method, String path, Object body) throws IOException {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(aclEndpoint + path))
            .header("Content-Type", "application/json")
            .method(method, publisher)
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + method + " " + path, e);
    }
    if (response.statusCode() != 201) {
      throw new IOException(
          "ACL server: "
              + method
              + " "
              + path
              + " -> "
              + response.statusCode()
              + " "
              + response.body());
    }
  }

  @Override
  public void close() {
    script("stop", scriptEnv);
  }

  private static String script(String verb, Map<String, String> env) {
    List<String> command =
        List.of(ProjectDir.get().resolve("bin/lakefs-acl-local").toString(), verb);
    return Processes.run(command, ProjectDir.get(), env, null, SCRIPT_TIMEOUT)
        .requireSuccess(command)
        .stdout();
  }
}
