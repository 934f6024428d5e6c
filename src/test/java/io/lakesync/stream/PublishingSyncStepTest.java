package io.lakesync.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakefs.clients.sdk.ApiException;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.event.CommitEvent;
import io.lakesync.lakefs.LakeFsFailure;
import io.lakesync.publish.PublishOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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

  private final List<String> published = new ArrayList<>();
  private final Deque<Object> script = new ArrayDeque<>();
  private String head = "head00000001";

  private final PublishingSyncStep.Publisher publisher =
      new PublishingSyncStep.Publisher() {
        @Override
        public String head(TableConfig table) {
          return head;
        }

        @Override
        public PublishOutcome publish(TableConfig table, String commit) throws IOException {
          published.add(table.name() + "@" + commit);
          Object next = script.isEmpty() ? PublishOutcome.Status.MERGED : script.poll();
          if (next instanceof IOException e) {
            throw e;
          }
          PublishOutcome.Status status = (PublishOutcome.Status) next;
          return new PublishOutcome(
              status,
              table.name(),
              commit,
              Optional.empty(),
              status == PublishOutcome.Status.MERGED
                  ? Optional.of("merge-" + commit)
                  : Optional.empty(),
              "lakesync-" + table.name(),
              status == PublishOutcome.Status.REJECTED ? "coverage 40%" : "",
              Map.of("merge", 1L));
        }
      };

  private final PublishingSyncStep step =
      new PublishingSyncStep(TABLES, publisher, 3, Duration.ofMillis(1));

  @Test
  void syncsEveryTableOfTheEventsBranchToTheBranchHead() {
    List<SyncStatus> statuses = step.sync(event("repo-a", "main", "event0000001"));

    assertThat(published).containsExactly("docs@head00000001", "faq@head00000001");
    assertThat(statuses).extracting(SyncStatus::table).containsExactly("docs", "faq");
    assertThat(statuses)
        .allSatisfy(
            s -> {
              assertThat(s.outcome()).isEqualTo(SyncStatus.MERGED);
              assertThat(s.eventCommit()).isEqualTo("event0000001");
              assertThat(s.sourceCommit()).isEqualTo("head00000001");
              assertThat(s.mergeCommit()).isEqualTo("merge-head00000001");
            });
  }

  @Test
  void aRejectionIsAStatusWithTheHooksMessage() {
    script.add(PublishOutcome.Status.REJECTED);

    SyncStatus status = step.sync(event("repo-b", "main", "event0000001")).get(0);

    assertThat(status.outcome()).isEqualTo(SyncStatus.REJECTED);
    assertThat(status.message()).isEqualTo("coverage 40%");
  }

  @Test
  void transientFailuresAreRetriedWithABound() {
    script.add(failure(503));
    script.add(new IOException("connection reset"));
    script.add(PublishOutcome.Status.MERGED);

    SyncStatus status = step.sync(event("repo-b", "main", "event0000001")).get(0);

    assertThat(status.outcome()).isEqualTo(SyncStatus.MERGED);
    assertThat(published).hasSize(3);

    published.clear();
    script.add(failure(500));
    script.add(failure(502));
    script.add(failure(429));
    SyncStatus exhausted = step.sync(event("repo-b", "main", "event0000002")).get(0);
    assertThat(exhausted.outcome()).isEqualTo(SyncStatus.FAILED);
    assertThat(exhausted.message()).contains("HTTP 429");
    assertThat(published).hasSize(3);
  }

  @Test
  void aMergeIntoABranchWithUncommittedChangesIsRetried() {
    script.add(failure(400, "{\"message\":\"uncommitted changes (dirty branch)\"}"));
    script.add(PublishOutcome.Status.MERGED);

    SyncStatus status = step.sync(event("repo-b", "main", "event0000001")).get(0);

    assertThat(status.outcome()).isEqualTo(SyncStatus.MERGED);
    assertThat(published).hasSize(2);
  }

  @Test
  void permanentFailuresAreNotRetried() {
    script.add(failure(403));
    script.add(failure(400, "{\"message\":\"bad request\"}"));

    SyncStatus status = step.sync(event("repo-b", "main", "event0000001")).get(0);

    assertThat(status.outcome()).isEqualTo(SyncStatus.FAILED);
    assertThat(status.message()).contains("HTTP 403");
    assertThat(published).hasSize(1);
    assertThat(step.sync(event("repo-b", "main", "event0000002")).get(0).outcome())
        .isEqualTo(SyncStatus.FAILED);
    assertThat(published).hasSize(2);
  }

  @Test
  void eventsForBranchesNoTableFollowsDoNothing() {
    assertThat(step.sync(event("repo-b", "dev", "event0000001"))).isEmpty();
    assertThat(published).isEmpty();
  }

  private static LakeFsFailure failure(int status) {
    return failure(status, "{\"message\":\"boom\"}");
  }

  private static LakeFsFailure failure(int status, String body) {
    return LakeFsFailure.of("merge", new ApiException(status, "HTTP " + status, Map.of(), body));
  }

  private static CommitEvent event(String repository, String branch, String commit) {
    return new CommitEvent(repository, branch, commit, "post-commit", Map.of());
  }
}
