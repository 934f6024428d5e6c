package io.lakesync.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.KafkaSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.Secret;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.status.SyncOutcome;
import io.lakesync.status.SyncStatus;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.DelegatingEmbedder;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * lakeFS goes away for a minute in the middle of a sync in {@code serve}: the sync keeps retrying
 * with backoff on its stream thread and merges within seconds of lakeFS's return, without a restart
 * and without waiting for the reconciler (its interval here is far longer than the test).
 */
@ExtendWith({
  LakeFsExtension.class,
  KafkaExtension.class,
  ArrowExtension.class,
  EmbedderExtension.class
})
class OutageRecoveryIT {
  private static final Duration OUTAGE = Duration.ofSeconds(60);
  private static final Duration RECOVERY = Duration.ofSeconds(30);

  @Test
  void aSyncCaughtByALakeFsOutageMergesWithinSecondsOfItsEnd(
      LakeFsServer server, LakeFsTestRepository repo, KafkaBroker kafka, DjlTextEmbedder embedder)
      throws Exception {
    String app = "it-" + UUID.randomUUID().toString().substring(0, 8);
    repo.put("main", "docs/seed.md", "Backups run nightly and are kept for thirty-five days.");
    String seeded = repo.commit("main", "seed", Map.of()).getId();
    LakesyncConfig config =
        LakesyncConfig.parse(
            ServiceYaml.section(app, 1, 0, 3600, ProjectDir.buildDir().resolve("it-streams-" + app))
                + "tables:\n  - {name: docs, repository: "
                + repo.name()
                + ", branch: main, include: ['docs/**']}\n");
    OutageEmbedder outage = new OutageEmbedder(embedder, server);

    try (SyncService service =
            SyncService.start(
                config,
                repo.settings(),
                new KafkaSettings(kafka.bootstrapServers()),
                Secret.of(LakeFsServer.WEBHOOK_SECRET),
                outage,
                "test");
        StatusReader statuses =
            new StatusReader(kafka, config.service().statusTopic(), Duration.ofMinutes(4));
        Producer<byte[], byte[]> producer =
            KafkaClients.producer(new KafkaSettings(kafka.bootstrapServers()))) {
      // The reconciler's pass at start syncs the seed.
      statuses.await(s -> s.outcome() == SyncOutcome.MERGED && s.sourceCommit().equals(seeded));

      repo.put("main", "docs/new.md", "Password resets expire after thirty minutes.");
      String commit = repo.commit("main", "new doc", Map.of()).getId();
      outage.armed.set(true);
      producer
          .send(
              new ProducerRecord<>(
                  config.service().inputTopic(),
                  ("{\"repository_id\":\""
                          + repo.name()
                          + "\",\"branch_id\":\"main\",\"commit_id\":\""
                          + commit
                          + "\"}")
                      .getBytes(StandardCharsets.UTF_8)))
          .get();

      // lakeFS stops while the sync embeds, between reading the objects and writing the table.
      assertThat(outage.stopped.await(2, TimeUnit.MINUTES)).isTrue();
      // The outage's length is the scenario itself (the issue asks for a minute down), not a wait
      // for some condition: nothing to poll for while lakeFS is down.
      Thread.sleep(OUTAGE.toMillis());
      server.restartServer();
      long back = System.nanoTime();

      SyncStatus merged =
          statuses.await(s -> s.outcome() == SyncOutcome.MERGED && s.sourceCommit().equals(commit));
      Duration afterReturn = Duration.ofNanos(System.nanoTime() - back);
      System.out.printf(
          "OutageRecoveryIT: lakeFS down %d s; merged %d ms after it returned (sync %d ms)%n",
          OUTAGE.toSeconds(), afterReturn.toMillis(), merged.durationMs());

      assertThat(afterReturn).isLessThan(RECOVERY);
      assertThat(merged.durationMs()).isGreaterThan(OUTAGE.toMillis());
      assertThat(statuses.seen())
          .filteredOn(s -> s.outcome() == SyncOutcome.FAILED)
          .as("the outage ends no sync as failed")
          .isEmpty();
      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + service.webhookPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(ObservabilityIT.gauge(metrics, "lakesync_sync_retries_total", "kind", "transient"))
          .isPositive();
      assertThat(repo.sdk().branches().listBranches(repo.name()).execute().getResults())
          .extracting(b -> b.getId())
          .containsExactly("main");
      assertThat(service.failed()).isFalse();
    } finally {
      if (!outage.restarted()) {
        server.restartServer();
      }
    }
  }

  /** The real model; once armed, its next call stops lakeFS first. */
  private static final class OutageEmbedder extends DelegatingEmbedder {
    private final LakeFsServer server;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    OutageEmbedder(TextEmbedder delegate, LakeFsServer server) {
      super(delegate);
      this.server = server;
    }

    boolean restarted() {
      return stopped.getCount() == 1;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      if (armed.compareAndSet(true, false)) {
        server.stopServer();
        stopped.countDown();
      }
      return super.embed(texts);
    }
  }
}
