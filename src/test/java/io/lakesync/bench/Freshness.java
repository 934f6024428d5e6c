package io.lakesync.bench;

import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.Environment;
import io.lakesync.config.KafkaSettings;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.Secret;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.lakefs.S3Gateway;
import io.lakesync.lakefs.SdkLakeFs;
import io.lakesync.service.ActionInstaller;
import io.lakesync.service.SyncService;
import io.lakesync.status.SyncOutcome;
import io.lakesync.status.SyncStatus;
import io.lakesync.stream.JsonSerde;
import io.lakesync.testing.LakeFsSdk;
import io.lakesync.testing.ServiceYaml;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Freshness: from the commit of one document to the merged table on main, through the real path
 * (lakeFS post-commit webhook, bridge, Kafka, Streams, sync, merge), 50 times in a row.
 */
final class Freshness {
  private static final int COMMITS = 50;

  private Freshness() {}

  static void run(LakeFsSettings settings, Path cache) throws Exception {
    Environment env = Environment.system();
    KafkaSettings kafka = KafkaSettings.fromEnvironment(env);
    LakeFsSdk sdk = LakeFsSdk.connect(settings);
    LakeFs lakeFs = SdkLakeFs.connect(settings, LakeFsErrors.NONE);
    String app = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    try (S3Client s3 = S3Gateway.client(settings);
        DjlTextEmbedder embedder = DjlTextEmbedder.load(EmbeddingModel.ALL_MINILM_L6_V2, cache)) {
      Benchmarks.Repo repo = Benchmarks.Repo.create(sdk, s3, "bench-fresh", 200);
      LakesyncConfig config =
          LakesyncConfig.parse(
              ServiceYaml.section(app, 3, 0, 3600, Path.of("target", "bench-streams-" + app))
                  + "tables: [{name: docs, repository: "
                  + repo.name()
                  + ", branch: main, include: ['docs/**']}]\n");
      try (SyncService service =
              SyncService.start(
                  config,
                  settings,
                  kafka,
                  Secret.of(env.require("LAKESYNC_WEBHOOK_SECRET")),
                  embedder,
                  "bench");
          KafkaConsumer<String, SyncStatus> statuses =
              consumer(kafka, config.service().statusTopic())) {
        new ActionInstaller(lakeFs, s3)
            .install(config.tables(), "http://127.0.0.1:" + service.webhookPort());
        drain(statuses, Duration.ofSeconds(60), Duration.ofSeconds(3));

        Random random = new Random(7);
        double[] endToEnd = new double[COMMITS];
        Map<String, List<Long>> phases = new LinkedHashMap<>();
        List<Long> delivery = new ArrayList<>();
        for (int i = 0; i < COMMITS; i++) {
          repo.put("docs/fresh/doc-" + i + ".md", Benchmarks.sentence(random, 60));
          long t0 = System.nanoTime();
          String commit =
              sdk.commits()
                  .commit(
                      repo.name(),
                      "main",
                      new io.lakefs.clients.sdk.model.CommitCreation().message("fresh " + i))
                  .execute()
                  .getId();
          SyncStatus merged = awaitMerged(statuses, commit);
          double seconds = (System.nanoTime() - t0) / 1e9;
          endToEnd[i] = seconds;
          delivery.add(Math.round(seconds * 1000) - merged.durationMs());
          merged
              .phasesMs()
              .forEach((k, v) -> phases.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
        double[] sorted = endToEnd.clone();
        Arrays.sort(sorted);
        System.out.println(
            "(freshness) commit of one document -> merged on main, "
                + COMMITS
                + " commits, real model");
        System.out.printf(
            Locale.ROOT,
            "    p50 %.2f s   p99 %.2f s   max %.2f s%n",
            sorted[COMMITS / 2],
            sorted[(int) Math.ceil(COMMITS * 0.99) - 1],
            sorted[COMMITS - 1]);
        StringBuilder breakdown =
            new StringBuilder("    median ms: delivery+status " + median(delivery));
        phases.forEach((k, v) -> breakdown.append(", ").append(k).append(' ').append(median(v)));
        System.out.println(breakdown);
      }
    }
  }

  private static SyncStatus awaitMerged(KafkaConsumer<String, SyncStatus> statuses, String commit) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, SyncStatus> r : statuses.poll(Duration.ofMillis(20))) {
        SyncStatus s = r.value();
        if (s.outcome() == SyncOutcome.MERGED
            && (s.eventCommit().equals(commit) || s.sourceCommit().equals(commit))) {
          return s;
        }
      }
    }
    throw new IllegalStateException("no merged status for " + commit);
  }

  /** Reads statuses until none arrived for {@code quiet}: the start-up backfill is done. */
  private static void drain(
      KafkaConsumer<String, SyncStatus> statuses, Duration max, Duration quiet) {
    long deadline = System.nanoTime() + max.toNanos();
    long lastSeen = System.nanoTime();
    boolean seenAny = false;
    while (System.nanoTime() < deadline) {
      if (!statuses.poll(Duration.ofMillis(200)).isEmpty()) {
        seenAny = true;
        lastSeen = System.nanoTime();
      } else if (seenAny && System.nanoTime() - lastSeen > quiet.toNanos()) {
        return;
      }
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static KafkaConsumer<String, SyncStatus> consumer(KafkaSettings kafka, String topic) {
    KafkaConsumer<String, SyncStatus> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            JsonSerde.of(SyncStatus.class).deserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }
}
