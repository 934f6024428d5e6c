package io.lakesync.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakefs.clients.sdk.model.BranchCreation;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.failure.RetryPolicy;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.TableState;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.Await;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.Processes;
import io.lakesync.testing.ProjectDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging branches on the real stack: a sync owns its branch, merges it or deletes it, and never
 * leaves one behind, whether the target branch is dirty, another sync races it, or a crashed run
 * left an orphan.
 */
@ExtendWith({LakeFsExtension.class, ArrowExtension.class, EmbedderExtension.class})
class StagingBranchesIT {
  private static final String MAIN = LakeFsTestRepository.MAIN;
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final RetryPolicy PATIENT =
      new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMinutes(2), 5);

  private final DjlTextEmbedder embedder;

  StagingBranchesIT(DjlTextEmbedder embedder) {
    this.embedder = embedder;
  }

  @Test
  void aDirtyTargetDelaysTheMergeButNeverRebuildsOrLeaksABranch(
      LakeFsTestRepository repo, BufferAllocator allocator) throws Exception {
    DocsTable.seed(repo, 0, 12);
    String commit = repo.commit(MAIN, "seed", Map.of()).getId();
    // A user is mid-way through their work on main: uploaded, not committed.
    repo.put(MAIN, "docs/draft.md", "A draft about snapshot retention, not committed yet.");

    CountingEmbedder counting = new CountingEmbedder(embedder);
    List<String> staged = new ArrayList<>();
    AtomicInteger dirtyMergesRefused = new AtomicInteger();
    TablePublisher publisher =
        new TablePublisher(
            repo.lakeFs(), repo.s3(), repo.tables(allocator, counting), counting, "test");
    PublishRunner runner =
        new PublishRunner(
            recordingStages(publisher, staged),
            PATIENT,
            (table, failure) -> {
              if (failure.reason().contains("uncommitted")) {
                dirtyMergesRefused.incrementAndGet();
              }
            });

    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<PublishRunner.Result> running =
          pool.submit(() -> runner.run(DocsTable.config(repo), t -> commit));
      // Several refused merges in a row: the target stays dirty across more than one retry.
      Await.until(
          TIMEOUT,
          () -> dirtyMergesRefused.get() >= 3,
          () -> "lakeFS refused " + dirtyMergesRefused.get() + " merges, expected 3");
      assertThat(running.isDone()).isFalse();
      repo.commit(MAIN, "the user commits their draft", Map.of());

      PublishOutcome outcome = running.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).orThrow();

      assertThat(outcome.status()).isEqualTo(PublishOutcome.Status.MERGED);
      assertThat(staged).as("one staging branch, merged once it could be").hasSize(1);
      long distinctChunks =
          RebuildReference.tableAt(repo, allocator, MAIN, "lancedb/docs.lance").readAll().stream()
              .map(EmbeddingRow::textSha256)
              .distinct()
              .count();
      assertThat(distinctChunks).isGreaterThan(10);
      assertThat(counting.texts())
          .as("model called once per distinct new chunk, however often the merge was refused")
          .isEqualTo(distinctChunks)
          .isEqualTo(outcome.result().orElseThrow().modelCalls());
    } finally {
      pool.shutdownNow();
    }
    assertThat(stagingBranches(repo)).isEmpty();
    assertThat(tableState(repo, allocator).lastSyncedCommit()).isEqualTo(commit);

    // The draft's own sync follows and costs only the draft's chunks.
    int before = counting.texts();
    PublishOutcome next =
        new PublishRunner(publisher, PATIENT)
            .run(DocsTable.config(repo), t -> head(repo))
            .orThrow();
    assertThat(next.status()).isEqualTo(PublishOutcome.Status.MERGED);
    assertThat(counting.texts() - before).isEqualTo(next.result().orElseThrow().chunks()).isOne();
    assertTableEqualsRebuildAtItsCommit(repo, allocator);
    assertThat(stagingBranches(repo)).isEmpty();
  }

  @Test
  void twoSyncsRacingOnOneTableEndCoherentWithoutLeakingBranches(
      LakeFsTestRepository repo, BufferAllocator allocator) throws Exception {
    DocsTable.seed(repo, 0, 8);
    String first = repo.commit(MAIN, "seed", Map.of()).getId();

    // Same commit: both commit a staging branch, then merge at the same moment.
    List<PublishRunner.Result> same = race(repo, allocator, first, first);
    assertThat(same)
        .extracting(r -> r.outcome().orElseThrow().status())
        .containsExactlyInAnyOrder(PublishOutcome.Status.MERGED, PublishOutcome.Status.NOOP);
    assertThat(stagingBranches(repo)).isEmpty();
    RebuildReference.assertTableEqualsFullRebuild(
        repo, allocator, DocsTable.config(repo), embedder, first);

    // Different commits: one syncs the head before a new commit, one after; whoever loses plans
    // again from the table the winner merged and the branch head now.
    DocsTable.seed(repo, 8, 4);
    repo.delete(MAIN, "docs/doc-1.md");
    String older = repo.commit(MAIN, "more", Map.of()).getId();
    DocsTable.seed(repo, 12, 3);
    String newer = repo.commit(MAIN, "even more", Map.of()).getId();
    List<PublishRunner.Result> different = race(repo, allocator, older, newer);
    assertThat(different).allSatisfy(r -> assertThat(r.failure()).isEmpty());
    assertThat(different)
        .extracting(r -> r.outcome().orElseThrow().status())
        .contains(PublishOutcome.Status.MERGED);
    assertThat(stagingBranches(repo)).isEmpty();
    String synced = tableState(repo, allocator).lastSyncedCommit();
    RebuildReference.assertTableEqualsFullRebuild(
        repo, allocator, DocsTable.config(repo), embedder, synced);
    // The loser re-planned from the head, so the table ends at the newest data, not the older.
    assertThat(
            repo.sdk()
                .refs()
                .diffRefs(repo.name(), synced, newer)
                .prefix("docs/")
                .execute()
                .getResults())
        .isEmpty();
  }

  @Test
  void twoSyncProcessesOnOneTableExitZeroOrFourAndLeaveNoBranch(
      LakeFsTestRepository repo, BufferAllocator allocator, @TempDir Path dir) throws Exception {
    DocsTable.seed(repo, 0, 6);
    String first = repo.commit(MAIN, "seed", Map.of()).getId();
    Path config = Files.writeString(dir.resolve("lakesync.yaml"), DocsTable.yaml(repo));

    List<Processes.Result> same = processes(repo, config, List.of(), List.of());
    assertThat(same).allSatisfy(r -> assertThat(r.exitCode()).as(r.stderr()).isIn(0, 4));
    assertThat(same).allSatisfy(r -> assertThat(r.stderr()).doesNotContain("Exception", "\tat "));
    assertThat(stagingBranches(repo)).isEmpty();
    RebuildReference.assertTableEqualsFullRebuild(
        repo, allocator, DocsTable.config(repo), embedder, first);

    DocsTable.seed(repo, 6, 3);
    String older = repo.commit(MAIN, "more", Map.of()).getId();
    DocsTable.seed(repo, 9, 3);
    repo.commit(MAIN, "even more", Map.of());
    List<Processes.Result> different = processes(repo, config, List.of("--to", older), List.of());
    assertThat(different).allSatisfy(r -> assertThat(r.exitCode()).as(r.stderr()).isIn(0, 4));
    assertThat(different)
        .allSatisfy(r -> assertThat(r.stderr()).doesNotContain("Exception", "\tat "));
    assertThat(stagingBranches(repo)).isEmpty();
    assertTableEqualsRebuildAtItsCommit(repo, allocator);
  }

  @Test
  void aSweepDeletesOrphanedStagingBranchesAndNothingElse(
      LakeFsTestRepository repo, BufferAllocator allocator, @TempDir Path dir) throws Exception {
    DocsTable.seed(repo, 0, 3);
    String commit = repo.commit(MAIN, "seed", Map.of()).getId();
    Instant longAgo = Instant.now().minus(Duration.ofDays(2));
    String orphan = StagingBranches.newAttempt("docs", commit, longAgo);
    String young = StagingBranches.newAttempt("docs", commit, Instant.now());
    String legacy = "lakesync-docs-" + commit.substring(0, 12);
    String users = "lakesync-docs-experiment";
    String otherTable = StagingBranches.newAttempt("faq", commit, longAgo);
    for (String branch : List.of(orphan, young, legacy, users, otherTable)) {
      repo.sdk()
          .branches()
          .createBranch(repo.name(), new BranchCreation().name(branch).source(MAIN))
          .execute();
    }
    repo.put(orphan, "lancedb/docs.lance/half-written.lance", "partial data of a crashed run");
    Path config = Files.writeString(dir.resolve("lakesync.yaml"), DocsTable.yaml(repo));

    Processes.Result sync =
        Processes.run(command(config, List.of()), ProjectDir.get(), env(repo), null, TIMEOUT);

    assertThat(sync.exitCode()).as(sync.stderr()).isZero();
    assertThat(sync.stderr())
        .contains("deleted orphaned staging branch " + orphan)
        .contains("deleted orphaned staging branch " + legacy);
    assertThat(DocsTable.branches(repo))
        .containsExactlyInAnyOrder(MAIN, young, users, otherTable)
        .doesNotContain(orphan, legacy);
  }

  /** Two publishers (two processes, as far as their branches go) merging at the same moment. */
  private List<PublishRunner.Result> race(
      LakeFsTestRepository repo, BufferAllocator allocator, String commitA, String commitB)
      throws Exception {
    CyclicBarrier bothCommitted = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<PublishRunner.Result>> runs = new ArrayList<>();
      for (String commit : List.of(commitA, commitB)) {
        TablePublisher publisher =
            new TablePublisher(
                repo.lakeFs(), repo.s3(), repo.tables(allocator, embedder), embedder, "t");
        PublishRunner.Steps steps = mergingTogether(publisher, bothCommitted);
        boolean[] first = {true};
        runs.add(
            pool.submit(
                () ->
                    new PublishRunner(steps, PATIENT)
                        .run(
                            DocsTable.config(repo),
                            t -> {
                              if (first[0]) {
                                first[0] = false;
                                return commit;
                              }
                              return head(repo);
                            })));
      }
      List<PublishRunner.Result> results = new ArrayList<>();
      for (Future<PublishRunner.Result> run : runs) {
        results.add(run.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Steps whose first merge waits until the other run is also ready to merge. */
  private static PublishRunner.Steps mergingTogether(
      TablePublisher publisher, CyclicBarrier barrier) {
    boolean[] waited = {false};
    return new DelegatingSteps(publisher) {
      @Override
      public PublishOutcome merge(TablePublisher.StagedSync staged) throws java.io.IOException {
        if (!waited[0]) {
          waited[0] = true;
          try {
            barrier.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException("the other sync never got ready to merge", e);
          }
        }
        return super.merge(staged);
      }
    };
  }

  private static PublishRunner.Steps recordingStages(
      TablePublisher publisher, List<String> staged) {
    return new DelegatingSteps(publisher) {
      @Override
      public TablePublisher.Stage stage(TableConfig table, String commit, boolean afterConflict)
          throws java.io.IOException {
        TablePublisher.Stage stage = super.stage(table, commit, afterConflict);
        if (stage instanceof TablePublisher.Stage.Ready ready) {
          staged.add(ready.staged().branch());
        }
        return stage;
      }
    };
  }

  private static class DelegatingSteps implements PublishRunner.Steps {
    private final TablePublisher publisher;

    DelegatingSteps(TablePublisher publisher) {
      this.publisher = publisher;
    }

    @Override
    public TablePublisher.Stage stage(TableConfig table, String commit, boolean afterConflict)
        throws java.io.IOException {
      return publisher.stage(table, commit, afterConflict);
    }

    @Override
    public PublishOutcome merge(TablePublisher.StagedSync staged) throws java.io.IOException {
      return publisher.merge(staged);
    }

    @Override
    public void discard(String repository, String branch) {
      publisher.discard(repository, branch);
    }

    @Override
    public void keep(String branch) {
      publisher.keep(branch);
    }
  }

  private List<Processes.Result> processes(
      LakeFsTestRepository repo, Path config, List<String> argsA, List<String> argsB)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Processes.Result> a =
          pool.submit(
              () ->
                  Processes.run(
                      command(config, argsA), ProjectDir.get(), env(repo), null, TIMEOUT));
      Future<Processes.Result> b =
          pool.submit(
              () ->
                  Processes.run(
                      command(config, argsB), ProjectDir.get(), env(repo), null, TIMEOUT));
      return List.of(
          a.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS),
          b.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> command(Path config, List<String> extra) {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProjectDir.get().resolve("bin/lakesync").toString(),
                "sync",
                "--config",
                config.toString(),
                "--table",
                "docs"));
    command.addAll(extra);
    return command;
  }

  private static Map<String, String> env(LakeFsTestRepository repo) {
    return repo.cliEnvironment();
  }

  /** The table on main equals a full rebuild at the commit it says it represents. */
  private void assertTableEqualsRebuildAtItsCommit(
      LakeFsTestRepository repo, BufferAllocator allocator) throws Exception {
    RebuildReference.assertTableEqualsFullRebuild(
        repo,
        allocator,
        DocsTable.config(repo),
        embedder,
        tableState(repo, allocator).lastSyncedCommit());
  }

  private static String head(LakeFsTestRepository repo) throws java.io.IOException {
    try {
      return repo.head(MAIN);
    } catch (io.lakefs.clients.sdk.ApiException e) {
      throw new java.io.IOException("read head", e);
    }
  }

  private static TableState tableState(LakeFsTestRepository repo, BufferAllocator allocator) {
    return RebuildReference.tableAt(repo, allocator, MAIN, "lancedb/docs.lance")
        .state()
        .orElseThrow();
  }

  private static List<String> stagingBranches(LakeFsTestRepository repo) throws Exception {
    return DocsTable.branches(repo).stream()
        .filter(b -> b.startsWith(StagingBranches.PREFIX))
        .toList();
  }
}
