package io.lakesync.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.LakesyncConfig;
import io.lakesync.debug.PausePoints;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.publish.RebuildReferenceAccess;
import io.lakesync.publish.StagingBranches;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.FreePorts;
import io.lakesync.testing.KafkaBroker;
import io.lakesync.testing.KafkaExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsServer;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.LakesyncProcess;
import io.lakesync.testing.Processes;
import io.lakesync.testing.ProjectDir;
import io.lakesync.testing.ServiceYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/lakesync init} and {@code bin/lakesync serve} as real processes: the service is killed
 * with SIGKILL after a staging commit, restarted, and the table converges; then a commit reaches
 * the restarted service through the action init installed.
 */
@ExtendWith({
  LakeFsExtension.class,
  KafkaExtension.class,
  ArrowExtension.class,
  EmbedderExtension.class
})
class ServeProcessIT {
  private static final Duration WAIT = Duration.ofMinutes(3);

  @Test
  void serviceKilledDuringASyncConvergesAfterRestart(
      LakeFsTestRepository repo,
      KafkaBroker kafka,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      @TempDir Path dir)
      throws Exception {
    for (int i = 0; i < 8; i++) {
      repo.put(
          "main",
          "docs/note-" + i + ".md",
          "Note " + i + ": snapshots are kept for thirty-five days.");
    }
    String seed = repo.commit("main", "seed", Map.of()).getId();
    int port = FreePorts.next();
    Path config = Files.writeString(dir.resolve("lakesync.yaml"), serviceConfig(repo, dir, port));
    Map<String, String> env = env(repo, kafka);

    Processes.Result init = init(config, port, env);
    assertThat(init.exitCode()).as(init.stderr()).isZero();
    assertThat(init.stdout()).contains("installed actions on [" + repo.name() + "/main]");
    assertThat(repo.get("main", LakeFsActions.GATE_ACTION_PATH))
        .contains("pre-merge")
        .contains("http://127.0.0.1:" + port + "/hooks/pre-merge");
    assertThat(init(config, port, env).stdout()).contains("already current");
    String afterInit = repo.head("main");

    // Reconciliation at start finds the table missing and syncs; kill it after the staging commit.
    Map<String, String> pausing = new HashMap<>(env);
    pausing.put(PausePoints.VARIABLE, PausePoints.AFTER_STAGING_COMMIT);
    try (LakesyncProcess serve =
        LakesyncProcess.start(List.of("serve", "--config", config.toString()), pausing)) {
      serve.awaitStderr("lakesync: paused at " + PausePoints.AFTER_STAGING_COMMIT, WAIT);
      assertThat(serve.kill()).isEqualTo(137);
    }
    assertThat(repo.sdk().branches().listBranches(repo.name()).execute().getResults())
        .extracting(b -> b.getId())
        .anySatisfy(b -> assertThat(b).startsWith(StagingBranches.forTable("docs", afterInit)));
    assertThat(repo.head("main")).isEqualTo(afterInit);

    try (LakesyncProcess serve =
        LakesyncProcess.start(List.of("serve", "--config", config.toString()), env)) {
      serve.awaitStderr("lakesync serve:", WAIT);
      awaitSyncedTo(repo, allocator, afterInit);
      RebuildReferenceAccess.assertTableEqualsFullRebuild(
          repo, allocator, table(repo), embedder, afterInit);

      // The action init installed sends the next commit to the restarted service.
      repo.put("main", "docs/late.md", "Billing runs on the first business day of each month.");
      String late = repo.commit("main", "late", Map.of()).getId();
      awaitSyncedTo(repo, allocator, late);
      RebuildReferenceAccess.assertTableEqualsFullRebuild(
          repo, allocator, table(repo), embedder, late);
    }
    assertThat(seed).isNotEqualTo(afterInit);
  }

  @Test
  void sigtermDuringASyncExitsZeroAndTheRestartedServiceConverges(
      LakeFsTestRepository repo,
      KafkaBroker kafka,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      @TempDir Path dir)
      throws Exception {
    for (int i = 0; i < 6; i++) {
      repo.put("main", "docs/page-" + i + ".md", "Page " + i + ": quotas reset on the first day.");
    }
    String seed = repo.commit("main", "seed", Map.of()).getId();
    Path config = Files.writeString(dir.resolve("lakesync.yaml"), serviceConfig(repo, dir, 0));
    Map<String, String> env = env(repo, kafka);

    // Reconciliation at start syncs the missing table; SIGTERM arrives mid-write.
    Map<String, String> pausing = new HashMap<>(env);
    pausing.put(PausePoints.VARIABLE, PausePoints.MID_WRITE);
    try (LakesyncProcess serve =
        LakesyncProcess.start(List.of("serve", "--config", config.toString()), pausing)) {
      serve.awaitStderr("lakesync: paused at " + PausePoints.MID_WRITE, WAIT);
      assertThat(serve.terminate(Duration.ofSeconds(90))).as(serve.stderr().toString()).isZero();
      assertThat(serve.stderr()).anyMatch(l -> l.contains("lakesync serve: stopped"));
    }
    assertThat(repo.head("main")).isEqualTo(seed);

    try (LakesyncProcess serve =
        LakesyncProcess.start(List.of("serve", "--config", config.toString()), env)) {
      serve.awaitStderr("lakesync serve:", WAIT);
      awaitSyncedTo(repo, allocator, seed);
      RebuildReferenceAccess.assertTableEqualsFullRebuild(
          repo, allocator, table(repo), embedder, seed);
      assertThat(serve.terminate(Duration.ofSeconds(90))).isZero();
    }
  }

  private static String serviceConfig(LakeFsTestRepository repo, Path dir, int port) {
    String app = "serve-it-" + UUID.randomUUID().toString().substring(0, 8);
    return ServiceYaml.section(app, 2, port, 2, dir.resolve("streams"))
        + "tables:\n  - {name: docs, repository: "
        + repo.name()
        + ", branch: main, include: ['docs/**']}\n";
  }

  private static void awaitSyncedTo(
      LakeFsTestRepository repo, BufferAllocator allocator, String commit) {
    RebuildReferenceAccess.awaitSyncedTo(repo, allocator, commit, WAIT);
  }

  private static Processes.Result init(Path config, int port, Map<String, String> env) {
    List<String> command =
        List.of(
            ProjectDir.get().resolve("bin/lakesync").toString(),
            "init",
            "--config",
            config.toString(),
            "--bridge-url",
            "http://127.0.0.1:" + port);
    return Processes.run(command, ProjectDir.get(), env, null, WAIT);
  }

  private static io.lakesync.config.TableConfig table(LakeFsTestRepository repo) {
    return LakesyncConfig.parse(
            "tables: [{name: docs, repository: "
                + repo.name()
                + ", branch: main, include: ['docs/**']}]")
        .tables()
        .get(0);
  }

  private static Map<String, String> env(LakeFsTestRepository repo, KafkaBroker kafka) {
    Map<String, String> env = repo.cliEnvironment();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("LAKESYNC_WEBHOOK_SECRET", LakeFsServer.WEBHOOK_SECRET);
    return env;
  }
}
