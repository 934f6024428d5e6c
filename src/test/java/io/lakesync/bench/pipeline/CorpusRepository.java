package io.lakesync.bench.pipeline;

import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import io.lakesync.testing.LakeFsSdk;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A lakeFS repository holding the corpus pages under {@link #PREFIX} on {@code main}: one per
 * pipeline, so neither sees the other's table, with the same pages and the same edits.
 */
record CorpusRepository(LakeFsSdk sdk, S3Client s3, String name) {
  static final String PREFIX = "pg15/";

  static CorpusRepository create(
      LakeFsSdk sdk, S3Client s3, String prefix, Map<String, String> pages) throws Exception {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    sdk.repositories()
        .createRepository(
            new RepositoryCreation()
                .name(name)
                .storageNamespace("local://" + name)
                .defaultBranch("main"))
        .execute();
    CorpusRepository repo = new CorpusRepository(sdk, s3, name);
    pages.forEach(repo::put);
    repo.commit("PostgreSQL 15 manual subset");
    return repo;
  }

  /** Writes each edited page and commits them together. */
  void commitEdits(Map<String, String> edited, String message) throws Exception {
    edited.forEach(this::put);
    commit(message);
  }

  private void put(String page, String html) {
    s3.putObject(b -> b.bucket(name).key("main/" + PREFIX + page), RequestBody.fromString(html));
  }

  private void commit(String message) throws Exception {
    sdk.commits().commit(name, "main", new CommitCreation().message(message)).execute();
  }

  /** The lakesync configuration of this repository's table: the defaults a user gets. */
  String lakesyncConfig() {
    return "tables:\n  - name: docs\n    repository: "
        + name
        + "\n    branch: main\n    include: ['"
        + PREFIX
        + "**']\n";
  }

  static List<String> pageNames(Map<String, String> pages) {
    return pages.keySet().stream().sorted().toList();
  }
}
