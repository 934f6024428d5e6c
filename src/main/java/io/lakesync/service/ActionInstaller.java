package io.lakesync.service;

import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakesync.config.TableConfig;
import io.lakesync.lakefs.LakeFsApi;
import io.lakesync.lakefs.LakeFsFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code lakesync init}: puts the webhook action on every source branch of every table and commits
 * it. Idempotent: a branch whose action is already current gets no commit.
 */
public final class ActionInstaller {
  private final LakeFsApi api;
  private final S3Client s3;

  public ActionInstaller(LakeFsApi api, S3Client s3) {
    this.api = api;
    this.s3 = s3;
  }

  /** Returns {@code repository/branch} of each branch that got a commit. */
  public List<String> install(List<TableConfig> tables, String bridgeBaseUrl) throws IOException {
    Map<String, TreeSet<String>> branchesByRepository = new TreeMap<>();
    for (TableConfig table : tables) {
      branchesByRepository
          .computeIfAbsent(table.repository(), r -> new TreeSet<>())
          .add(table.branch());
    }
    List<String> changed = new ArrayList<>();
    for (var entry : branchesByRepository.entrySet()) {
      String action = LakeFsActions.bridgeAction(bridgeBaseUrl, List.copyOf(entry.getValue()));
      for (String branch : entry.getValue()) {
        if (installOn(entry.getKey(), branch, action)) {
          changed.add(entry.getKey() + "/" + branch);
        }
      }
    }
    return changed;
  }

  private boolean installOn(String repository, String branch, String action) throws IOException {
    String key = branch + "/" + LakeFsActions.BRIDGE_ACTION_PATH;
    if (action.equals(current(repository, key))) {
      return false;
    }
    s3.putObject(
        b -> b.bucket(repository).key(key), RequestBody.fromString(action, StandardCharsets.UTF_8));
    try {
      api.commits()
          .commit(
              repository,
              branch,
              new CommitCreation()
                  .message("lakesync init: webhook action for the sync service")
                  .metadata(Map.of("lakesync.init", "true")))
          .execute();
      return true;
    } catch (ApiException e) {
      throw LakeFsFailure.of("commit the action on " + repository + "/" + branch, e);
    }
  }

  private String current(String repository, String key) {
    try {
      return s3.getObjectAsBytes(b -> b.bucket(repository).key(key)).asUtf8String();
    } catch (NoSuchKeyException e) {
      return null;
    }
  }
}
