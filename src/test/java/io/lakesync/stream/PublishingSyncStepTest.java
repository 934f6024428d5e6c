package io.lakesync.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.event.CommitEvent;
import io.lakesync.failure.Failure;
import io.lakesync.failure.FailureKind;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.publish.PublishRunner;
import io.lakesync.status.SyncOutcome;
import io.lakesync.status.SyncStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The step's part: which tables an event concerns, and each run's result as a status. */
class PublishingSyncStepTest {
  private static final List<TableConfig> TABLES =
      LakesyncConfig.parse(
              """
              tables:
                - {name: docs, repository: repo-a, branch: main}
                - {name: faq, repository: repo-a, branch: main, include: ['faq/**']}
                - {name: dev-docs, repository: repo-a, branch: dev}
                - {name: other, repository: repo-b, branch: main}
              """)
          .tables();

  private final List<String> runs = new ArrayList<>();
  private PublishRunner.Result next;

  private final PublishingSyncStep step =
      new PublishingSyncStep(
          TABLES,
          table -> {
            runs.add(table.name());
            return next != null ? next : merged(table.name());
          });

  @Test
  void runsEveryTableOfTheEventsBranchAndReportsItsOutcome() {
    List<SyncStatus> statuses = step.sync(event("repo-a", "main", "event0000001"));

    assertThat(runs).containsExactly("docs", "faq");
    assertThat(statuses).extracting(SyncStatus::table).containsExactly("docs", "faq");
    assertThat(statuses)
        .allSatisfy(
            s -> {
              assertThat(s.outcome()).isEqualTo(SyncOutcome.MERGED);
              assertThat(s.eventCommit()).isEqualTo("event0000001");
              assertThat(s.sourceCommit()).isEqualTo("head00000001");
              assertThat(s.mergeCommit()).isEqualTo("merge-head00000001");
            });
  }

  @Test
  void aFailureThatOutlastedTheRetriesIsAFailedStatusWithItsOneLineReason() {
    next =
        new PublishRunner.Result(
            Optional.empty(),
            Optional.of(
                new Failure(
                    FailureKind.TRANSIENT, "merge failed: HTTP 503 (retried for 300 s)", null)),
            Optional.of("lakesync-other-head00000001-1764486000-0a1b2c"));

    SyncStatus status = step.sync(event("repo-b", "main", "event0000001")).get(0);

    assertThat(status.outcome()).isEqualTo(SyncOutcome.FAILED);
    assertThat(status.message())
        .isEqualTo(
            "merge failed: HTTP 503 (retried for 300 s); committed staging branch"
                + " lakesync-other-head00000001-1764486000-0a1b2c is kept for the next sync to"
                + " merge");
  }

  @Test
  void eventsForBranchesNoTableFollowsDoNothing() {
    assertThat(step.sync(event("repo-b", "dev", "event0000001"))).isEmpty();
    assertThat(step.tablesFor(event("repo-b", "dev", "event0000001"))).isEmpty();
    assertThat(runs).isEmpty();
  }

  private static PublishRunner.Result merged(String table) {
    return new PublishRunner.Result(
        Optional.of(
            new PublishOutcome(
                PublishOutcome.Status.MERGED,
                table,
                "head00000001",
                Optional.empty(),
                Optional.of("merge-head00000001"),
                "lakesync-" + table,
                "",
                Map.of("merge", 1L))),
        Optional.empty(),
        Optional.empty());
  }

  private static CommitEvent event(String repository, String branch, String commit) {
    return new CommitEvent(repository, branch, commit, "post-commit", Map.of(), "");
  }
}
