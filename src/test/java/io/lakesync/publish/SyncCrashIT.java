package io.lakesync.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.debug.PausePoints;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.sync.SyncCheckpoint;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.LakesyncProcess;
import io.lakesync.testing.Processes;
import io.lakesync.testing.ProjectDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill {@code bin/lakesync sync} with SIGKILL at the worst moments, run it again, and the table
 * must end exactly as a full rebuild at the commit: nothing lost, nothing duplicated.
 */
@ExtendWith({LakeFsExtension.class, ArrowExtension.class, EmbedderExtension.class})
class SyncCrashIT {
  private static final String MAIN = LakeFsTestRepository.MAIN;
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private final DjlTextEmbedder embedder;

  SyncCrashIT(DjlTextEmbedder embedder) {
    this.embedder = embedder;
  }

  @Test
  void killedAfterTheStagingCommitARerunMergesTheSameTable(
      LakeFsTestRepository repo, BufferAllocator allocator, @TempDir Path dir) throws Exception {
    DocsTable.seed(repo, 0, 30);
    String commit = repo.commit(MAIN, "seed", Map.of()).getId();
    Path config = config(repo, dir);

    killAt(PausePoints.AFTER_STAGING_COMMIT, repo, config);

    String staging = StagingBranches.forTable("docs", commit);
    assertThat(DocsTable.branches(repo)).anySatisfy(b -> assertThat(b).startsWith(staging));
    assertThat(RebuildReference.tableAt(repo, allocator, MAIN, "lancedb/docs.lance").state())
        .isEmpty();

    Processes.Result rerun = sync(repo, config, Map.of());
    assertThat(rerun.exitCode()).as(rerun.stderr()).isZero();
    assertThat(rerun.stdout()).contains("docs: merged");
    RebuildReference.assertTableEqualsFullRebuild(
        repo, allocator, DocsTable.config(repo), embedder, commit);
    assertThat(DocsTable.branches(repo)).containsExactly(MAIN);
  }

  @Test
  void killedMidWriteARerunDiscardsThePartialWriteAndConverges(
      LakeFsTestRepository repo, BufferAllocator allocator, @TempDir Path dir) throws Exception {
    DocsTable.seed(repo, 0, 20);
    repo.commit(MAIN, "seed", Map.of());
    Path config = config(repo, dir);
    assertThat(sync(repo, config, Map.of()).exitCode()).isZero();
    String synced =
        RebuildReference.tableAt(repo, allocator, MAIN, "lancedb/docs.lance")
            .state()
            .orElseThrow()
            .lastSyncedCommit();

    DocsTable.seed(repo, 20, 10);
    repo.delete(MAIN, "docs/doc-3.md");
    repo.put(MAIN, "docs/doc-4.md", "A rewritten document about replicas and failover.");
    String commit = repo.commit(MAIN, "more", Map.of()).getId();

    killAt(PausePoints.MID_WRITE, repo, config);

    // The half-written staging branch never reached main.
    List<String> halfWritten =
        DocsTable.branches(repo).stream()
            .filter(b -> b.startsWith(StagingBranches.forTable("docs", commit)))
            .toList();
    assertThat(halfWritten).hasSize(1);
    assertThat(
            RebuildReference.tableAt(repo, allocator, MAIN, "lancedb/docs.lance")
                .state()
                .orElseThrow()
                .lastSyncedCommit())
        .isEqualTo(synced);

    Processes.Result rerun = sync(repo, config, Map.of());
    assertThat(rerun.exitCode()).as(rerun.stderr()).isZero();
    RebuildReference.assertTableEqualsFullRebuild(
        repo, allocator, DocsTable.config(repo), embedder, commit);
    // The rerun wrote on a branch of its own and never touched the crashed one, which might have
    // belonged to a sync still running elsewhere; once older than staging_max_age_minutes, the
    // sweep (of serve, or of the next lakesync sync) deletes it.
    assertThat(DocsTable.branches(repo)).containsExactlyInAnyOrder(MAIN, halfWritten.get(0));
    List<String> swept =
        new StagingSweeper(
                new TablePublisher(
                    repo.lakeFs(), repo.s3(), repo.tables(allocator, embedder), embedder, "test"),
                Duration.ofMinutes(120))
            .sweep(DocsTable.config(repo), Instant.now().plus(Duration.ofMinutes(121)));
    assertThat(swept).containsExactly(halfWritten.get(0));
    assertThat(DocsTable.branches(repo)).containsExactly(MAIN);
  }

  @Test
  void killedAtNinetyPercentOfABackfillARerunEmbedsOnlyWhatWasNotCheckpointed(
      LakeFsTestRepository repo, BufferAllocator allocator, @TempDir Path dir) throws Exception {
    DocsTable.seed(repo, 0, 200);
    String commit = repo.commit(MAIN, "seed", Map.of()).getId();
    // One chunk per note, 16 per batch: 13 batches, the 11th checkpoint is 176 of 200 objects.
    Path config =
        Files.writeString(
            dir.resolve("lakesync.yaml"), DocsTable.yaml(repo) + "    batch_chunks: 16\n");

    killAt(PausePoints.AFTER_CHECKPOINT + "#11", repo, config);

    List<String> staging =
        DocsTable.branches(repo).stream()
            .filter(b -> b.startsWith(StagingBranches.forTable("docs", commit)))
            .toList();
    assertThat(staging).hasSize(1);
    Map<String, String> head =
        repo.sdk()
            .refs()
            .logCommits(repo.name(), staging.get(0))
            .amount(1)
            .execute()
            .getResults()
            .get(0)
            .getMetadata();
    SyncCheckpoint checkpoint = SyncCheckpoint.fromMetadata(head).orElseThrow();
    assertThat(checkpoint.counts().objectsDone()).isEqualTo(176);
    assertThat(RebuildReference.tableAt(repo, allocator, MAIN, "lancedb/docs.lance").state())
        .as("nothing reached main")
        .isEmpty();

    Processes.Result rerun = sync(repo, config, Map.of());
    assertThat(rerun.exitCode()).as(rerun.stderr()).isZero();
    assertThat(rerun.stdout()).contains("docs: merged").contains("resumed after 176 objects");
    Matcher embedded =
        Pattern.compile("(\\d+) chunks embedded in this run").matcher(rerun.stdout());
    assertThat(embedded.find()).as(rerun.stdout()).isTrue();
    int chunks = Integer.parseInt(lineage(repo, "lakesync.chunks"));
    // The rerun embedded the 24 objects after the checkpoint, nothing before it.
    assertThat(Integer.parseInt(embedded.group(1)))
        .isPositive()
        .isLessThanOrEqualTo(chunks - checkpoint.counts().chunks());
    assertThat(lineage(repo, Lineage.RESUMED_OBJECTS)).isEqualTo("176");
    assertThat(lineage(repo, Lineage.ADDED)).isEqualTo("200");
    RebuildReference.assertTableEqualsFullRebuild(
        repo, allocator, DocsTable.config(repo), embedder, commit);
    // Merged once, from the branch the killed run checkpointed, which is gone now.
    assertThat(
            repo
                .sdk()
                .refs()
                .logCommits(repo.name(), MAIN)
                .amount(100)
                .execute()
                .getResults()
                .stream()
                .filter(c -> c.getMetadata() != null && c.getMetadata().containsKey(Lineage.TABLE))
                .filter(c -> c.getParents().size() == 2))
        .hasSize(1);
    assertThat(DocsTable.branches(repo)).containsExactly(MAIN);
  }

  /** A lineage value of the merge commit at main's head. */
  private static String lineage(LakeFsTestRepository repo, String key) throws Exception {
    return repo.sdk()
        .refs()
        .logCommits(repo.name(), MAIN)
        .amount(1)
        .execute()
        .getResults()
        .get(0)
        .getMetadata()
        .get(key);
  }

  private static void killAt(String point, LakeFsTestRepository repo, Path config)
      throws Exception {
    List<String> args = command(config).subList(1, command(config).size());
    try (LakesyncProcess sync =
        LakesyncProcess.start(args, env(repo, Map.of(PausePoints.VARIABLE, point)))) {
      sync.awaitStderr("lakesync: paused at " + point.split("#")[0], TIMEOUT);
      assertThat(sync.kill()).isEqualTo(137);
    }
  }

  private static Processes.Result sync(
      LakeFsTestRepository repo, Path config, Map<String, String> extra) {
    return Processes.run(command(config), ProjectDir.get(), env(repo, extra), null, TIMEOUT);
  }

  private static List<String> command(Path config) {
    return List.of(
        ProjectDir.get().resolve("bin/lakesync").toString(),
        "sync",
        "--config",
        config.toString(),
        "--table",
        "docs");
  }

  private static Map<String, String> env(LakeFsTestRepository repo, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("LAKEFS_ENDPOINT", repo.settings().endpoint().toString());
    env.put("LAKEFS_ACCESS_KEY_ID", repo.settings().accessKeyId());
    env.put("LAKEFS_SECRET_ACCESS_KEY", repo.settings().secretAccessKey().reveal());
    env.put("LAKESYNC_CACHE", ProjectDir.buildDir().resolve("it-cache").toString());
    return env;
  }

  private static Path config(LakeFsTestRepository repo, Path dir) throws Exception {
    return Files.writeString(dir.resolve("lakesync.yaml"), DocsTable.yaml(repo));
  }
}
