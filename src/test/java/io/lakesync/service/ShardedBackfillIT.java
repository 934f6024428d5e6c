package io.lakesync.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.debug.PausePoints;
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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code serve} instances of one application backfill 2,000 documents together: the sync's
 * owner cuts it into shards on the shard topic, both embed them, and one is SIGKILLed halfway. When
 * it is the other instance, its shards move to the owner; when it is the owner, the other instance
 * takes its stream task and its staging branch over, keeps the shard results stored there and
 * embeds only the rest. Either way the table is merged once and equals a full rebuild.
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

  /** What a test does to two instances that backfill together. */
  @FunctionalInterface
  private interface Scenario {
    void run(LakesyncProcess first, LakesyncProcess second) throws Exception;
  }

  @Test
  void twoInstancesEmbedABackfillAndOneIsKilledHalfway(
      LakeFsTestRepository repo,
      KafkaBroker kafka,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      @TempDir Path dir)
      throws Exception {
    twoInstances(
        repo,
        kafka,
        dir,
        "killed-worker",
        Map.of(),
        (first, second) -> killTheOtherHalfway(repo, allocator, embedder, first, second));
  }

  @Test
  void theOwnerIsKilledAndTheOtherInstanceTakesItsShardsOver(
      LakeFsTestRepository repo,
      KafkaBroker kafka,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      @TempDir Path dir)
      throws Exception {
    // The owner stops after submitting half of the shards: the other half only the new owner
    // submits.
    twoInstances(
        repo,
        kafka,
        dir,
        "killed-owner",
        Map.of(PausePoints.VARIABLE, PausePoints.MID_SHARD_SUBMIT),
        (first, second) -> killTheOwner(repo, allocator, embedder, first, second));
  }

  private static void twoInstances(
      LakeFsTestRepository repo,
      KafkaBroker kafka,
      Path dir,
      String logName,
      Map<String, String> moreEnv,
      Scenario scenario)
      throws Exception {
    String app = "shards-it-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> env = repo.cliEnvironment();
    env.putAll(moreEnv);
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("LAKESYNC_WEBHOOK_SECRET", LakeFsServer.WEBHOOK_SECRET);
    try (LakesyncProcess first = serve(config(repo, dir, app, "a"), env);
        LakesyncProcess second = serve(config(repo, dir, app, "b"), env)) {
      try {
        scenario.run(first, second);
      } finally {
        keepLogs(logName, first, second);
      }
    }
  }

  /**
   * Commits the notes once both instances run, and waits until one of them (the owner of the
   * branch's stream task) has cut the backfill into shards; returns the commit.
   */
  private static String startBackfill(
      LakeFsTestRepository repo, LakesyncProcess first, LakesyncProcess second) throws Exception {
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
    return commit;
  }

  private void killTheOtherHalfway(
      LakeFsTestRepository repo,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      LakesyncProcess first,
      LakesyncProcess second)
      throws Exception {
    String commit = startBackfill(repo, first, second);
    LakesyncProcess owner = owner(first, second).orElseThrow();
    LakesyncProcess other = owner == first ? second : first;
    String otherWorker = workerOf(other);

    // Kill the other instance once it has done a third of the shards, before all are done.
    Map<Integer, ShardResult> done =
        awaitStoredResults(
            repo,
            stored ->
                stored.values().stream().filter(r -> r.worker().equals(otherWorker)).count()
                    >= SHARDS * 35 / 100,
            "the other instance did too few shards",
            owner);
    assertThat(done).as("killed before the last shard").hasSizeLessThan(SHARDS);
    assertThat(other.kill()).isEqualTo(137);

    awaitSyncedTo(repo, allocator, commit);
    RebuildReferenceAccess.assertTableEqualsFullRebuild(
        repo, allocator, table(repo), embedder, commit);

    Map<String, String> lineage = lineage(repo);
    assertThat(lineage).containsEntry(ShardedSync.SHARDS, Integer.toString(SHARDS));
    assertThat(lineage).doesNotContainKey(ShardedSync.SHARDS_TAKEN_OVER);
    int chunks = Integer.parseInt(lineage.get(Lineage.CHUNKS));
    Map<String, Integer> byWorker = chunksByWorker(lineage);
    assertThat(byWorker).containsOnlyKeys(workerOf(owner), otherWorker);
    assertThat(byWorker.values())
        .allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(chunks * 30 / 100));
    assertThat(byWorker.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(chunks);
    assertMergedOnceAndClean(repo);
  }

  /**
   * Waits until the shard results stored on the running attempt's staging branch satisfy {@code
   * enough}, and returns them. A failed attempt's branch is discarded and the retry starts another
   * (the logs kept under target/ say why): its results are forgotten.
   */
  private static Map<Integer, ShardResult> awaitStoredResults(
      LakeFsTestRepository repo,
      Predicate<Map<Integer, ShardResult>> enough,
      String tooFew,
      LakesyncProcess owner) {
    ShardResults results = new ShardResults(repo.lakeFs(), repo.s3());
    Map<Integer, ShardResult> done = new TreeMap<>();
    Await.until(
        WAIT,
        () -> {
          try {
            results.readNew(repo.name(), stagingBranch(repo), "lancedb/docs.lance", done);
          } catch (Exception e) {
            done.clear();
            return false;
          }
          return enough.test(done);
        },
        () -> tooFew + ": " + done.keySet() + "\n" + tail(owner));
    return done;
  }

  /**
   * The owner dies while the shards run, after some results are stored (some of them its own) and
   * before it has submitted the second half of the shards: the other instance takes the branch's
   * stream task over, finds the staging branch, keeps the stored results, submits the shards
   * without one and embeds only those.
   */
  private void killTheOwner(
      LakeFsTestRepository repo,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      LakesyncProcess first,
      LakesyncProcess second)
      throws Exception {
    String commit = startBackfill(repo, first, second);
    LakesyncProcess owner = owner(first, second).orElseThrow();
    LakesyncProcess other = owner == first ? second : first;
    String ownerWorker = workerOf(owner);

    // Kill the owner once a tenth of the shards are done, at least one of them by itself.
    Map<Integer, ShardResult> done =
        awaitStoredResults(
            repo,
            stored ->
                stored.size() >= SHARDS / 10
                    && stored.values().stream().anyMatch(r -> r.worker().equals(ownerWorker)),
            "too few shards were done",
            owner);
    owner.awaitStderr("lakesync: paused at " + PausePoints.MID_SHARD_SUBMIT, WAIT);
    long ownersResults = done.values().stream().filter(r -> r.worker().equals(ownerWorker)).count();
    assertThat(owner.kill()).isEqualTo(137);

    awaitSyncedTo(repo, allocator, commit);
    RebuildReferenceAccess.assertTableEqualsFullRebuild(
        repo, allocator, table(repo), embedder, commit);

    // The other instance took the branch over instead of cutting the backfill again.
    assertThat(other.stderr()).noneMatch(l -> l.contains("shards for every instance"));
    String takeOver =
        other.stderr().stream()
            .filter(l -> l.contains("took over the sharded sync"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no take-over:\n" + tail(other)));
    Matcher stored = Pattern.compile("(\\d+) of (\\d+) shard results stored").matcher(takeOver);
    assertThat(stored.find()).as(takeOver).isTrue();
    int storedAtTakeOver = Integer.parseInt(stored.group(1));
    assertThat(storedAtTakeOver).isGreaterThanOrEqualTo(done.size());
    // Nobody ever received the second half before the take-over.
    assertThat(storedAtTakeOver).isLessThanOrEqualTo(SHARDS / 2);
    assertThat(takeOver).contains((SHARDS - storedAtTakeOver) + " shards submitted again");

    Map<String, String> lineage = lineage(repo);
    assertThat(lineage)
        .containsEntry(ShardedSync.SHARDS, Integer.toString(SHARDS))
        .containsEntry(ShardedSync.SHARDS_TAKEN_OVER, Integer.toString(storedAtTakeOver));
    // One chunk a note, so a shard is SHARD_OBJECTS chunks.
    int chunks = Integer.parseInt(lineage.get(Lineage.CHUNKS));
    assertThat(chunks).isEqualTo(DOCUMENTS);
    // The dead owner's stored results are in the table: its chunks were not embedded again.
    Map<String, Integer> byWorker = chunksByWorker(lineage);
    assertThat(byWorker.get(ownerWorker))
        .isGreaterThanOrEqualTo((int) ownersResults * SHARD_OBJECTS);
    assertThat(byWorker.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(chunks);

    // After the take-over, the other instance embedded at most the shards without a result then;
    // and no shard was embedded twice by anyone.
    List<String> afterTakeOver =
        other.stderr().subList(other.stderr().indexOf(takeOver), other.stderr().size());
    int embeddedAfter = shardRuns(afterTakeOver).stream().mapToInt(ShardRun::embedded).sum();
    assertThat(embeddedAfter)
        .as(
            "chunks embedded after the take-over; %d of %d results stored then",
            storedAtTakeOver, SHARDS)
        .isLessThanOrEqualTo((SHARDS - storedAtTakeOver) * SHARD_OBJECTS);
    List<ShardRun> runs = new java.util.ArrayList<>(shardRuns(owner.stderr()));
    runs.addAll(shardRuns(other.stderr()));
    assertThat(runs).extracting(ShardRun::shard).doesNotHaveDuplicates();
    System.out.printf(
        "owner killed with %d of %d shard results stored (%d its own); %d stored at the take-over;"
            + " %d chunks embedded after it%n",
        done.size(), SHARDS, ownersResults, storedAtTakeOver, embeddedAfter);

    assertMergedOnceAndClean(repo);
  }

  /** A shard an instance embedded (shard numbers start at 1), as its log says. */
  private record ShardRun(int shard, int embedded) {}

  private static List<ShardRun> shardRuns(List<String> log) {
    Pattern done = Pattern.compile("shard (\\d+) of \\d+ for docs: .* \\((\\d+) embedded\\)");
    List<ShardRun> runs = new java.util.ArrayList<>();
    for (String line : log) {
      Matcher m = done.matcher(line);
      if (m.find()) {
        runs.add(new ShardRun(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
      }
    }
    return runs;
  }

  private static Map<String, String> lineage(LakeFsTestRepository repo) throws Exception {
    return repo.sdk()
        .refs()
        .logCommits(repo.name(), "main")
        .amount(1)
        .execute()
        .getResults()
        .get(0)
        .getMetadata();
  }

  private static Map<String, Integer> chunksByWorker(Map<String, String> lineage) {
    return Arrays.stream(lineage.get(ShardedSync.CHUNKS_BY_WORKER).split(","))
        .map(e -> e.split("="))
        .collect(Collectors.toMap(e -> e[0], e -> Integer.parseInt(e[1])));
  }

  /** Merged once; no staging branch and no shard result left behind. */
  private static void assertMergedOnceAndClean(LakeFsTestRepository repo) throws Exception {
    assertThat(
            repo
                .sdk()
                .refs()
                .logCommits(repo.name(), "main")
                .amount(100)
                .execute()
                .getResults()
                .stream()
                .filter(c -> c.getMetadata() != null && c.getMetadata().containsKey(Lineage.TABLE))
                .filter(c -> c.getParents().size() == 2))
        .hasSize(1);
    assertThat(repo.sdk().branches().listBranches(repo.name()).execute().getResults())
        .extracting(b -> b.getId())
        .containsExactly("main");
    assertThat(repo.lakeFs().listObjects(repo.name(), "main", "lancedb/docs.lance/_lakesync"))
        .isEmpty();
  }

  private static String tail(LakesyncProcess process) {
    List<String> lines = process.stderr();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  /** Both instances' logs, under target/, for whoever reads a failure. */
  private static void keepLogs(String name, LakesyncProcess... instances)
      throws java.io.IOException {
    for (int i = 0; i < instances.length; i++) {
      Files.write(
          io.lakesync.testing.ProjectDir.buildDir()
              .resolve("sharded-backfill-it-" + name + "-" + i + ".log"),
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
