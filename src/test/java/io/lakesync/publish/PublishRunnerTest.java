package io.lakesync.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.failure.FailureKind;
import io.lakesync.failure.RetryPolicy;
import io.lakesync.lakefs.LakeFsCommit;
import io.lakesync.lakefs.LakeFsFailure;
import io.lakesync.sync.Phases;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one retry loop, on scripted steps: what each failure kind does to the staging branch. */
class PublishRunnerTest {
  private static final TableConfig TABLE =
      LakesyncConfig.parse("tables: [{name: docs, repository: repo, branch: main}]")
          .tables()
          .get(0);
  private static final RetryPolicy FAST =
      new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(300), 3);

  private final List<String> calls = new ArrayList<>();
  private final Deque<Object> stageScript = new ArrayDeque<>();
  private final Deque<Object> mergeScript = new ArrayDeque<>();
  private final Deque<String> heads = new ArrayDeque<>(List.of("c1"));
  private int branches;

  private final PublishRunner.Steps steps =
      new PublishRunner.Steps() {
        @Override
        public TablePublisher.Stage stage(TableConfig table, String commit, boolean afterConflict)
            throws IOException {
          calls.add("stage " + commit + (afterConflict ? " after conflict" : ""));
          Object next = stageScript.poll();
          if (next instanceof IOException e) {
            throw e;
          }
          if (next instanceof RuntimeException e) {
            throw e;
          }
          if (next == PublishOutcome.Status.NOOP) {
            return new TablePublisher.Stage.Done(outcome(PublishOutcome.Status.NOOP, commit, ""));
          }
          String branch = "lakesync-docs-" + commit + "-" + ++branches;
          return new TablePublisher.Stage.Ready(
              new TablePublisher.StagedSync(
                  table,
                  commit,
                  branch,
                  new LakeFsCommit("s" + branches, "", "", Instant.EPOCH, Map.of(), List.of()),
                  Optional.empty(),
                  new Phases()));
        }

        @Override
        public PublishOutcome merge(TablePublisher.StagedSync staged) throws IOException {
          calls.add("merge " + staged.branch());
          Object next = mergeScript.poll();
          if (next instanceof IOException e) {
            throw e;
          }
          if (next instanceof RuntimeException e) {
            throw e;
          }
          PublishOutcome.Status status =
              next == null ? PublishOutcome.Status.MERGED : (PublishOutcome.Status) next;
          return outcome(status, staged.sourceCommit(), staged.branch());
        }

        @Override
        public void discard(String repository, String branch) {
          calls.add("discard " + branch);
        }

        @Override
        public void keep(String branch) {
          calls.add("keep " + branch);
        }
      };

  private final PublishRunner runner = new PublishRunner(steps, FAST);

  @Test
  void aDirtyTargetRetriesTheMergeOfTheSameCommittedBranchNeverRebuilding() throws IOException {
    mergeScript.add(lakeFs(400, "{\"message\":\"uncommitted changes (dirty branch)\"}"));
    mergeScript.add(lakeFs(400, "{\"message\":\"uncommitted changes (dirty branch)\"}"));

    PublishOutcome outcome = run().orThrow();

    assertThat(outcome.status()).isEqualTo(PublishOutcome.Status.MERGED);
    assertThat(calls)
        .containsExactly(
            "stage c1",
            "merge lakesync-docs-c1-1",
            "merge lakesync-docs-c1-1",
            "merge lakesync-docs-c1-1");
  }

  @Test
  void aDirtyTargetForLongerThanTheWindowKeepsTheCommittedBranchForTheNextRun() {
    for (int i = 0; i < 10_000; i++) {
      mergeScript.add(lakeFs(400, "{\"message\":\"uncommitted changes\"}"));
    }

    PublishRunner.Result result = run();

    assertThat(result.failure()).map(f -> f.kind()).contains(FailureKind.TRANSIENT);
    assertThat(result.keptBranch()).contains("lakesync-docs-c1-1");
    assertThat(result.reason()).contains("uncommitted changes").contains("kept for the next sync");
    assertThat(calls).filteredOn(c -> c.startsWith("stage")).hasSize(1);
    assertThat(calls).last().isEqualTo("keep lakesync-docs-c1-1");
  }

  @Test
  void anOutageWhileStagingIsRetriedUntilItEnds() throws IOException {
    stageScript.add(lakeFs(0, ""));
    stageScript.add(new java.net.ConnectException("Connection refused"));
    stageScript.add(new RuntimeException("LanceError(IO): Generic S3 error: connection closed"));

    assertThat(run().orThrow().status()).isEqualTo(PublishOutcome.Status.MERGED);
    assertThat(calls).filteredOn(c -> c.startsWith("stage")).hasSize(4);
  }

  @Test
  void aConflictDiscardsTheBranchAndPlansAgainFromTheCurrentHead() throws IOException {
    heads.clear();
    heads.addAll(List.of("c1", "m2"));
    mergeScript.add(lakeFs(409, "{\"message\":\"conflict\"}"));

    PublishOutcome outcome = run().orThrow();

    assertThat(outcome.sourceCommit()).isEqualTo("m2");
    assertThat(calls)
        .containsExactly(
            "stage c1",
            "merge lakesync-docs-c1-1",
            "discard lakesync-docs-c1-1",
            "stage m2 after conflict",
            "merge lakesync-docs-m2-2");
  }

  @Test
  void losingEveryRaceEndsAsAConflictTheCliReportsAsAnotherSyncOwningTheTable() {
    for (int i = 0; i < 10; i++) {
      mergeScript.add(new PublishConflict("staging branch was merged by another run", null));
    }

    PublishRunner.Result result = run();

    assertThat(result.failure()).map(f -> f.kind()).contains(FailureKind.CONFLICT);
    assertThat(result.reason()).startsWith("another sync owns this table");
    assertThat(result.keptBranch()).isEmpty();
    assertThat(calls).filteredOn(c -> c.startsWith("discard")).hasSize(4);
  }

  @Test
  void aPermanentFailureIsReportedOnceAndItsBranchDeleted() {
    mergeScript.add(lakeFs(403, "{\"message\":\"forbidden\"}"));

    PublishRunner.Result result = run();

    assertThat(result.failure()).map(f -> f.kind()).contains(FailureKind.PERMANENT);
    assertThat(result.reason()).contains("HTTP 403");
    assertThat(calls)
        .containsExactly("stage c1", "merge lakesync-docs-c1-1", "discard lakesync-docs-c1-1");
  }

  @Test
  void aRejectionIsAnOutcomeAndKeepsTheBranch() throws IOException {
    mergeScript.add(PublishOutcome.Status.REJECTED);

    assertThat(run().orThrow().status()).isEqualTo(PublishOutcome.Status.REJECTED);
    assertThat(calls).last().isEqualTo("keep lakesync-docs-c1-1");
  }

  @Test
  void aBugInLakesyncIsRethrownAfterItsBranchIsDeleted() {
    mergeScript.add(new NullPointerException("row"));

    assertThatThrownBy(this::run).isInstanceOf(NullPointerException.class);
    assertThat(calls).last().isEqualTo("discard lakesync-docs-c1-1");
  }

  @Test
  void nothingToDoIsAnOutcome() throws IOException {
    stageScript.add(PublishOutcome.Status.NOOP);

    assertThat(run().orThrow().status()).isEqualTo(PublishOutcome.Status.NOOP);
    assertThat(calls).containsExactly("stage c1");
  }

  private PublishRunner.Result run() {
    return runner.run(TABLE, t -> heads.size() > 1 ? heads.poll() : heads.peek());
  }

  private static PublishOutcome outcome(
      PublishOutcome.Status status, String commit, String branch) {
    return new PublishOutcome(
        status,
        "docs",
        commit,
        Optional.empty(),
        status == PublishOutcome.Status.MERGED ? Optional.of("merged-" + commit) : Optional.empty(),
        branch,
        "",
        Map.of());
  }

  private static LakeFsFailure lakeFs(int status, String body) {
    return LakeFsFailure.of("merge", status, body);
  }
}
