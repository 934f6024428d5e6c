package io.lakesync.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.KafkaSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.Secret;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.status.SyncOutcome;
import io.lakesync.status.SyncStatus;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.TableState;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.table.LanceLocation;
import io.lakesync.table.LanceTables;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.Await;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.KafkaBroker;
import io.lakesync.testing.KafkaExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsServer;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.ProjectDir;
import io.lakesync.testing.ServiceYaml;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sync service on real lakeFS (calling the bridge from its own actions), a real broker and the
 * real model.
 */
@ExtendWith({
  LakeFsExtension.class,
  KafkaExtension.class,
  ArrowExtension.class,
  EmbedderExtension.class
})
class SyncServiceIT {
  private static final Duration WAIT = Duration.ofMinutes(3);

  @Test
  void webhooksDeadLettersReconciliationAndBurstsOnTwoBranches(
      LakeFsTestRepository repo,
      KafkaBroker kafka,
      BufferAllocator allocator,
      DjlTextEmbedder embedder)
      throws Exception {
    String app = "it-" + UUID.randomUUID().toString().substring(0, 8);
    repo.put("main", "docs/seed.md", "Backups run nightly and are kept for thirty-five days.");
    repo.commit("main", "seed", Map.of());
    repo.createBranch("dev", "main");
    LakesyncConfig config =
        LakesyncConfig.parse(
            ServiceYaml.section(app, 3, 0, 2, ProjectDir.buildDir().resolve("it-streams-" + app))
                + "tables:\n"
                + "  - {name: docs, repository: "
                + repo.name()
                + ", branch: main, include: ['docs/**']}\n"
                + "  - {name: dev-docs, repository: "
                + repo.name()
                + ", branch: dev, include: ['docs/**']}\n");

    try (SyncService service =
            SyncService.start(
                config,
                repo.settings(),
                new KafkaSettings(kafka.bootstrapServers()),
                Secret.of(LakeFsServer.WEBHOOK_SECRET),
                embedder,
                "test");
        StatusReader statuses = new StatusReader(kafka, config.service().statusTopic())) {
      // A real lakeFS post-commit webhook reaches the bridge: install the action on main.
      repo.put(
          "main",
          LakeFsActions.BRIDGE_ACTION_PATH,
          LakeFsActions.bridgeAction("http://127.0.0.1:" + service.webhookPort(), List.of("main")));
      repo.put("main", "docs/webhook.md", "Password resets expire after thirty minutes.");
      String viaWebhook = repo.commit("main", "via webhook", Map.of()).getId();
      statuses.await(
          s ->
              s.table().equals("docs")
                  && s.outcome() == SyncOutcome.MERGED
                  && s.sourceCommit().equals(viaWebhook));
      assertThat(table(repo, allocator, "main", "docs").state().map(TableState::lastSyncedCommit))
          .contains(viaWebhook);

      // Without the secret the bridge refuses.
      HttpResponse<String> anonymous =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + service.webhookPort() + WebhookBridge.PATH))
                      .POST(HttpRequest.BodyPublishers.ofString("{}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);

      // A malformed event lands in the dead-letter topic; the stream goes on.
      try (Producer<byte[], byte[]> producer =
          KafkaClients.producer(new KafkaSettings(kafka.bootstrapServers()))) {
        producer
            .send(
                new ProducerRecord<>(
                    config.service().inputTopic(), "{broken".getBytes(StandardCharsets.UTF_8)))
            .get();
      }
      assertThat(deadLetterReasons(kafka, config.service().deadLetterTopic()))
          .anyMatch(r -> r.startsWith("malformed JSON"));

      // dev has no action: its commits send no event, and reconciliation heals the table.
      repo.put("dev", "docs/dev-only.md", "Quotas can be raised by an administrator.");
      String devCommit = repo.commit("dev", "dev change, no webhook", Map.of()).getId();
      statuses.await(
          s ->
              s.table().equals("dev-docs")
                  && s.outcome() == SyncOutcome.MERGED
                  && s.sourceCommit().equals(devCommit));

      // A burst: 10 commits on each branch in quick succession.
      List<String> mainCommits = new ArrayList<>();
      List<String> devCommits = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        repo.put(
            "main", "docs/burst-" + i + ".md", "Main note " + i + " about replicas and failover.");
        mainCommits.add(repo.commit("main", "burst " + i, Map.of()).getId());
        repo.put("dev", "docs/burst-" + i + ".md", "Dev note " + i + " about latency budgets.");
        devCommits.add(repo.commit("dev", "burst " + i, Map.of()).getId());
      }
      // Both tables end up covering the whole burst. (The head a sync goes to is often
      // lakesync's own merge commit, which contains the user commits made meanwhile.)
      EmbeddingTable docs = table(repo, allocator, "main", "docs");
      EmbeddingTable devDocs = table(repo, allocator, "dev", "dev-docs");
      awaitRows(docs, "docs/burst-9.md#0");
      awaitRows(devDocs, "docs/burst-9.md#0");

      // Every document was added exactly once across the merged statuses: no commit was
      // covered twice, none was missed (seed + webhook/dev-only + 10 bursts = 12 per table).
      // A merge is visible in lakeFS a moment before the transaction with its status commits:
      // wait for the statuses to account for every document, then check nothing is counted twice.
      for (String table : List.of("docs", "dev-docs")) {
        statuses.awaitAll(
            seen ->
                seen.stream()
                        .filter(s -> s.table().equals(table) && s.outcome() == SyncOutcome.MERGED)
                        .mapToInt(SyncStatus::added)
                        .sum()
                    >= 12);
        List<SyncStatus> merged =
            statuses.seen().stream()
                .filter(s -> s.table().equals(table) && s.outcome() == SyncOutcome.MERGED)
                .toList();
        assertThat(merged.stream().mapToInt(SyncStatus::added).sum()).as(table).isEqualTo(12);
        assertThat(merged.stream().mapToInt(SyncStatus::updated).sum()).as(table).isZero();
        assertThat(merged).extracting(SyncStatus::sourceCommit).doesNotHaveDuplicates();
      }
      assertThat(statuses.seen()).noneMatch(s -> s.outcome() == SyncOutcome.FAILED);
      assertThat(statuses.seen()).filteredOn(s -> s.outcome() == SyncOutcome.NOOP).isNotEmpty();
      assertThat(docs.readAll().stream().map(EmbeddingRow::id).toList())
          .doesNotHaveDuplicates()
          .hasSize(12);
      assertThat(devDocs.readAll().stream().map(EmbeddingRow::id).toList())
          .doesNotHaveDuplicates()
          .hasSize(12);
      assertThat(mainCommits).hasSize(10);
      assertThat(devCommits).hasSize(10);
    }
  }

  private static EmbeddingTable table(
      LakeFsTestRepository repo, BufferAllocator allocator, String branch, String name) {
    return new EmbeddingTable(
        new LanceTables(allocator, repo.settings()),
        allocator,
        new LanceLocation(repo.name(), branch, "lancedb/" + name + ".lance"),
        384);
  }

  private static void awaitRows(EmbeddingTable table, String id) {
    Await.until(
        WAIT,
        () -> table.readAll().stream().anyMatch(r -> r.id().equals(id)),
        () -> table.location() + " never got " + id);
  }

  private static List<String> deadLetterReasons(KafkaBroker kafka, String topic) {
    List<String> reasons = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig(kafka), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (reasons.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          var header = r.headers().lastHeader("lakesync.dlq.reason");
          reasons.add(header == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
      }
    }
    return reasons;
  }

  static Map<String, Object> consumerConfig(KafkaBroker kafka) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG,
        "it-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed");
  }
}
