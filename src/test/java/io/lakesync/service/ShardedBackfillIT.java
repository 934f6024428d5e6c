package io.lakesync.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.publish.Lineage;
import io.lakesync.publish.RebuildReferenceAccess;
import io.lakesync.shard.ShardResult;
import io.lakesync.shard.ShardResults;
import io.lakesync.shard.ShardedSync;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.Await;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.KafkaBroker;
import io.lakesync.testing.KafkaExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsServer;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.LakesyncProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code serve} instances of one application backfill 2,000 documents together: the sync's
 * owner cuts it into shards on the shard topic, both embed them, one is SIGKILLed halfway, its
 * shards move to the other, and the table is merged once and equals a full rebuild.
 */
@ExtendWith({
  LakeFsExtension.class,
  KafkaExtension.class,
  ArrowExtension.class,
  EmbedderExtension.class
})
class ShardedBackfillIT {
  private static final Duration WAIT = Duration.ofMinutes(6);
  private static final int DOCUMENTS = 2000;
  private static final int SHARD_OBJECTS = 50;
  private static final int SHARDS = DOCUMENTS / SHARD_OBJECTS;

  @Test
  void twoInstancesEmbedABackfillAndOneIsKilledHalfway(
      LakeFsTestRepository repo,
      KafkaBroker kafka,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      @TempDir Path dir)
      throws Exception {
    String app = "shards-it-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> env = repo.cliEnvironment();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("LAKESYNC_WEBHOOK_SECRET", LakeFsServer.WEBHOOK_SECRET);
    try (LakesyncProcess first = serve(config(repo, dir, app, "a"), env);
        LakesyncProcess second = serve(config(repo, dir, app, "b"), env)) {
      try {
        backfillTogether(repo, allocator, embedder, first, second);
      } finally {
        keepLogs(first, second);
      }
    }
  }

  private void backfillTogether(
      LakeFsTestRepository repo,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      LakesyncProcess first,
      LakesyncProcess second)
      throws Exception {
    {
      // Started together, as a deployment's replicas are: both create the missing topics.
      first.awaitStderr("lakesync serve: 1 tables", WAIT);
      second.awaitStderr("lakesync serve: 1 tables", WAIT);
      String[] topics = {"backups", "billing", "passwords", "replicas", "quotas", "latency"};
      for (int i = 0; i < DOCUMENTS; i++) {
        repo.put(
            "main",
            String.format("docs/note-%04d.md", i),
            "Note " + i + " explains " + topics[i % 6] + " for team " + (i * 7919 % 1000) + ".");
      }
      String commit = repo.commit("main", "two thousand notes", Map.of()).getId();

      // The reconciler sees the branch ahead of the (missing) table; one instance owns the sync.
      Await.until(
          WAIT,
          () -> owner(first, second).isPresent(),
          () -> "nobody cut the sync into shards:\n" + String.join("\n", first.stderr()));
      LakesyncProcess owner = owner(first, second).orElseThrow();
      LakesyncProcess other = owner == first ? second : first;
      String otherWorker = workerOf(other);

      // Kill the other instance once it has done a third of the shards, before all are done.
      ShardResults results = new ShardResults(repo.lakeFs(), repo.s3());
      Map<Integer, ShardResult> done = new TreeMap<>();
      Await.until(
          WAIT,
          () -> {
            // The branch of the running attempt: a failed attempt's branch is discarded and the
            // retry starts another (the logs kept under target/ say why).
            try {
              results.readNew(repo.name(), stagingBranch(repo), "lancedb/docs.lance", done);
            } catch (Exception e) {
              done.clear();
              return false;
            }
            return done.values().stream().filter(r -> r.worker().equals(otherWorker)).count()
                >= SHARDS * 35 / 100;
          },
          () -> "the other instance did too few shards: " + done.keySet() + "\n" + tail(owner));
      assertThat(done).as("killed before the last shard").hasSizeLessThan(SHARDS);
      assertThat(other.kill()).isEqualTo(137);

      awaitSyncedTo(repo, allocator, commit);
      RebuildReferenceAccess.assertTableEqualsFullRebuild(
          repo, allocator, table(repo), embedder, commit);

      Map<String, String> lineage =
          repo.sdk()
              .refs()
              .logCommits(repo.name(), "main")
              .amount(1)
              .execute()
              .getResults()
              .get(0)
              .getMetadata();
      assertThat(lineage).containsEntry(ShardedSync.SHARDS, Integer.toString(SHARDS));
      int chunks = Integer.parseInt(lineage.get(Lineage.CHUNKS));
      Map<String, Integer> byWorker =
          Arrays.stream(lineage.get(ShardedSync.CHUNKS_BY_WORKER).split(","))
              .map(e -> e.split("="))
              .collect(Collectors.toMap(e -> e[0], e -> Integer.parseInt(e[1])));
      assertThat(byWorker).containsOnlyKeys(workerOf(owner), otherWorker);
      assertThat(byWorker.values())
          .allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(chunks * 30 / 100));
      assertThat(byWorker.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(chunks);
      // Merged once; no staging branch and no shard result left behind.
      assertThat(
              repo
                  .sdk()
                  .refs()
                  .logCommits(repo.name(), "main")
                  .amount(100)
                  .execute()
                  .getResults()
                  .stream()
                  .filter(
                      c -> c.getMetadata() != null && c.getMetadata().containsKey(Lineage.TABLE))
                  .filter(c -> c.getParents().size() == 2))
          .hasSize(1);
      assertThat(repo.sdk().branches().listBranches(repo.name()).execute().getResults())
          .extracting(b -> b.getId())
          .containsExactly("main");
      assertThat(repo.lakeFs().listObjects(repo.name(), "main", "lancedb/docs.lance/_lakesync"))
          .isEmpty();
    }
  }

  private static String tail(LakesyncProcess process) {
    List<String> lines = process.stderr();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  /** Both instances' logs, under target/, for whoever reads a failure. */
  private static void keepLogs(LakesyncProcess... instances) throws java.io.IOException {
    for (int i = 0; i < instances.length; i++) {
      Files.write(
          io.lakesync.testing.ProjectDir.buildDir().resolve("sharded-backfill-it-" + i + ".log"),
          instances[i].stderr());
    }
  }

  private static LakesyncProcess serve(Path config, Map<String, String> env) {
    return LakesyncProcess.start(List.of("serve", "--config", config.toString()), env);
  }

  /** The instance that cut the sync into shards. */
  private static Optional<LakesyncProcess> owner(LakesyncProcess a, LakesyncProcess b) {
    for (LakesyncProcess p : List.of(a, b)) {
      if (p.stderr().stream().anyMatch(l -> l.contains("shards for every instance"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** An instance's name in shard results: host:pid, as serve names it without a static id. */
  private static String workerOf(LakesyncProcess process) throws Exception {
    String host = System.getenv().getOrDefault("HOSTNAME", "");
    if (host.isBlank()) {
      host = java.net.InetAddress.getLocalHost().getHostName();
    }
    return host + ":" + process.pid();
  }

  private static String stagingBranch(LakeFsTestRepository repo) throws Exception {
    return repo.sdk().branches().listBranches(repo.name()).execute().getResults().stream()
        .map(b -> b.getId())
        .filter(b -> !b.equals("main"))
        .findFirst()
        .orElseThrow();
  }

  private static void awaitSyncedTo(
      LakeFsTestRepository repo, BufferAllocator allocator, String commit) {
    RebuildReferenceAccess.awaitSyncedTo(repo, allocator, commit, WAIT);
  }

  private static TableConfig table(LakeFsTestRepository repo) {
    return LakesyncConfig.parse(tables(repo)).tables().get(0);
  }

  private static String tables(LakeFsTestRepository repo) {
    return "tables:\n  - {name: docs, repository: "
        + repo.name()
        + ", branch: main, include: ['docs/**']}\n";
  }

  private static Path config(LakeFsTestRepository repo, Path dir, String app, String instance)
      throws Exception {
    String service =
        "service: {application_id: "
            + app
            + ", input_topic: "
            + app
            + ".events, status_topic: "
            + app
            + ".status, partitions: 4, http_port: 0, reconcile_seconds: 2, shard_objects: "
            + SHARD_OBJECTS
            + ", state_dir: "
            + dir.resolve("streams-" + instance).toAbsolutePath()
            + "}\n";
    return Files.writeString(dir.resolve("lakesync-" + instance + ".yaml"), service + tables(repo));
  }
}
