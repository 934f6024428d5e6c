package io.lakesync.config;

import java.nio.file.Path;

/**
 * The optional {@code service:} section for {@code lakesync serve}. Every key has a default.
 *
 * @param applicationId Kafka Streams application id (consumer group, internal topic prefix)
 * @param inputTopic commit events in
 * @param statusTopic one record per sync outcome
 * @param deadLetterTopic records that are not usable commit events, with the reason
 * @param partitions partitions of the topics serve creates when they are missing
 * @param streamThreads stream threads: branches on different partitions sync in parallel
 * @param maxSyncMinutes the longest sync expected; the poll interval is set above it, so a long
 *     backfill never triggers a rebalance
 * @param httpPort port of the one HTTP server: webhooks, quality gate, search, status page, health,
 *     metrics
 * @param bindAddress address the HTTP server listens on: all interfaces by default (a pod), the
 *     loopback for a local run
 * @param retryWindowSeconds how long a sync keeps retrying transient failures (lakeFS or the S3
 *     gateway down, a target branch with uncommitted changes) before it ends as {@code failed};
 *     retries back off to at most 10 s, so a table catches up within seconds of an outage ending
 * @param stagingMaxAgeMinutes staging branches no running sync of this process owns are deleted
 *     once they are older than this; it must exceed {@code max_sync_minutes}, because age is what
 *     protects another process's running sync
 * @param reconcileSeconds how often every table's branch head is compared with its last synced
 *     commit (lakeFS post-hooks are fire-and-forget, so events can be lost)
 * @param webhookSecretFile file holding the shared secret lakeFS sends; else {@code
 *     LAKESYNC_WEBHOOK_SECRET}
 * @param stateDir Kafka Streams state directory
 * @param shardTopic the work topic of sharded syncs: every instance of the application takes shards
 *     from its partitions, so it should have at least as many partitions as instances
 * @param shardObjects objects per shard: a full rebuild (a backfill) of more objects than this is
 *     cut into shards that every instance embeds
 */
public record ServiceConfig(
    String applicationId,
    String inputTopic,
    String statusTopic,
    String deadLetterTopic,
    Integer partitions,
    Integer streamThreads,
    Integer maxSyncMinutes,
    Integer httpPort,
    String bindAddress,
    Integer reconcileSeconds,
    Integer retryWindowSeconds,
    Integer stagingMaxAgeMinutes,
    Path webhookSecretFile,
    Path stateDir,
    String shardTopic,
    Integer shardObjects) {
  public static final String WEBHOOK_SECRET_VARIABLE = "LAKESYNC_WEBHOOK_SECRET";
  public static final String WEBHOOK_SECRET_HEADER = "X-Lakesync-Secret";
  public static final ServiceConfig DEFAULTS =
      new ServiceConfig(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null);

  public ServiceConfig {
    applicationId = applicationId == null ? "lakesync" : applicationId;
    inputTopic = inputTopic == null ? "lakefs.commit-events" : inputTopic;
    statusTopic = statusTopic == null ? "lakesync.sync-status" : statusTopic;
    deadLetterTopic = deadLetterTopic == null ? inputTopic + ".dlq" : deadLetterTopic;
    partitions = positive("partitions", partitions, 6);
    streamThreads = positive("stream_threads", streamThreads, 2);
    maxSyncMinutes = positive("max_sync_minutes", maxSyncMinutes, 60);
    httpPort = httpPort == null ? 8080 : httpPort;
    if (httpPort < 0 || httpPort > 65535) {
      throw new ConfigException("http_port", "must be a port number (0 picks a free one)");
    }
    bindAddress = bindAddress == null || bindAddress.isBlank() ? "0.0.0.0" : bindAddress.strip();
    reconcileSeconds = positive("reconcile_seconds", reconcileSeconds, 300);
    retryWindowSeconds = positive("retry_window_seconds", retryWindowSeconds, 300);
    stagingMaxAgeMinutes =
        positive("staging_max_age_minutes", stagingMaxAgeMinutes, 2 * maxSyncMinutes);
    if (stagingMaxAgeMinutes <= maxSyncMinutes) {
      throw new ConfigException(
          "staging_max_age_minutes",
          "must be greater than max_sync_minutes ("
              + maxSyncMinutes
              + "): a younger staging branch may belong to a sync still running elsewhere");
    }
    shardTopic = shardTopic == null ? applicationId + ".shards" : shardTopic;
    shardObjects = positive("shard_objects", shardObjects, 2000);
    stateDir =
        stateDir == null
            ? Path.of(System.getProperty("java.io.tmpdir"), "lakesync-streams")
            : stateDir;
  }

  /** The shared secret lakeFS must send in {@value #WEBHOOK_SECRET_HEADER}. */
  public Secret webhookSecret(Environment env) {
    if (webhookSecretFile != null) {
      try {
        return Secret.of(java.nio.file.Files.readString(webhookSecretFile).strip());
      } catch (java.io.IOException | IllegalArgumentException e) {
        throw new ConfigException(
            "service.webhook_secret_file", "cannot read a secret from " + webhookSecretFile);
      }
    }
    return Secret.of(env.require(WEBHOOK_SECRET_VARIABLE));
  }

  private static int positive(String key, Integer value, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (value <= 0) {
      throw new ConfigException(key, "must be positive");
    }
    return value;
  }
}
