package io.lakesync.service;

import io.lakesync.config.TableConfig;
import io.lakesync.lakefs.LakeFs;
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
 * {@code lakesync init}: puts the webhook action on every source branch and the quality-gate action
 * on every target branch, and commits them. Idempotent: a branch whose actions are already current
 * gets no commit.
 */
public final class ActionInstaller {
  private final LakeFs lakeFs;
  private final S3Client s3;

  public ActionInstaller(LakeFs lakeFs, S3Client s3) {
    this.lakeFs = lakeFs;
    this.s3 = s3;
  }

  /** Returns {@code repository/branch} of each branch that got a commit. */
  public List<String> install(List<TableConfig> tables, String baseUrl) throws IOException {
    Map<String, TreeSet<String>> sources = new TreeMap<>();
    Map<String, TreeSet<String>> targets = new TreeMap<>();
    for (TableConfig table : tables) {
      sources.computeIfAbsent(table.repository(), r -> new TreeSet<>()).add(table.branch());
      targets.computeIfAbsent(table.repository(), r -> new TreeSet<>()).add(table.targetBranch());
    }
    // Per branch, the action files it must hold.
    Map<String, Map<String, String>> files = new TreeMap<>();
    sources.forEach(
        (repository, branches) -> {
          String action = LakeFsActions.bridgeAction(baseUrl, List.copyOf(branches));
          branches.forEach(
              b -> filesOf(files, repository, b).put(LakeFsActions.BRIDGE_ACTION_PATH, action));
        });
    targets.forEach(
        (repository, branches) -> {
          String action = LakeFsActions.gateAction(baseUrl, List.copyOf(branches));
          branches.forEach(
              b -> filesOf(files, repository, b).put(LakeFsActions.GATE_ACTION_PATH, action));
        });
    List<String> changed = new ArrayList<>();
    for (var branch : files.entrySet()) {
      String[] repoAndBranch = branch.getKey().split("/", 2);
      if (installOn(repoAndBranch[0], repoAndBranch[1], branch.getValue())) {
        changed.add(branch.getKey());
      }
    }
    return changed;
  }

  private static Map<String, String> filesOf(
      Map<String, Map<String, String>> files, String repository, String branch) {
    return files.computeIfAbsent(repository + "/" + branch, k -> new TreeMap<>());
  }

  /** Writes the files that differ and commits them once; false when all were current. */
  private boolean installOn(String repository, String branch, Map<String, String> wanted)
      throws IOException {
    boolean wrote = false;
    for (var file : wanted.entrySet()) {
      String key = branch + "/" + file.getKey();
      if (!file.getValue().equals(current(repository, key))) {
        s3.putObject(
            b -> b.bucket(repository).key(key),
            RequestBody.fromString(file.getValue(), StandardCharsets.UTF_8));
        wrote = true;
      }
    }
    if (!wrote) {
      return false;
    }
    try {
      lakeFs.commit(
          repository,
          branch,
          "lakesync init: " + String.join(", ", wanted.keySet()),
          Map.of("lakesync.init", "true"));
      return true;
    } catch (LakeFsFailure e) {
      throw e.describedAs("commit the actions on " + repository + "/" + branch);
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
