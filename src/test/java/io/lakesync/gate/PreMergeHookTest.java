package io.lakesync.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.Secret;
import io.lakesync.config.TableConfig;
import io.lakesync.http.SharedSecret;
import io.lakesync.metrics.Metrics;
import io.lakesync.status.StatusBoard;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PreMergeHookTest {
  private final List<String> audited = new ArrayList<>();
  private boolean touched = true;
  private boolean passes = true;
  private IOException failure;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StatusBoard board = new StatusBoard(List.of("docs", "staged"));

  private final List<TableConfig> tables =
      LakesyncConfig.parse(
              "tables:\n"
                  + "  - {name: docs, repository: repo, branch: main}\n"
                  + "  - {name: staged, repository: repo, branch: dev, target_branch: prod}\n")
          .tables();

  private final PreMergeHook hook =
      new PreMergeHook(
          tables,
          new PreMergeHook.Auditor() {
            @Override
            public boolean touches(TableConfig table, String before, String after) {
              return touched;
            }

            @Override
            public GateReport evaluate(TableConfig table, String commit, Optional<String> baseline)
                throws IOException {
              if (failure != null) {
                throw failure;
              }
              audited.add(table.name() + "@" + commit + " vs " + baseline.orElse("-"));
              return new GateReport(
                  table.name(),
                  commit,
                  "all 3 rows audited",
                  List.of(
                      passes
                          ? CheckResult.pass("coverage", "fine")
                          : CheckResult.of("coverage", false, "1 orphan", List.of("orphan x"))));
            }
          },
          new SharedSecret(Secret.of("s")),
          new Metrics(registry),
          board);

  @Test
  void auditsTheTablesMergedIntoTheBranchAtTheMergeCommit() {
    PreMergeHook.Answer answer = hook.answer(event("pre-merge", "repo", "prod", "m1"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(audited).containsExactly("staged@m1 vs prod");
    assertThat(answer.body()).contains("table staged at m1: PASSED").contains("audited in");
  }

  @Test
  void aFailingTableRefusesTheMergeWithTheReport() {
    passes = false;

    PreMergeHook.Answer answer = hook.answer(event("pre-merge", "repo", "main", "m2"));

    assertThat(answer.status()).isEqualTo(412);
    assertThat(answer.body()).contains("FAILED").contains("orphan x");
    assertThat(
            registry
                .counter(Metrics.GATE_AUDITS, Metrics.TABLE, "docs", Metrics.RESULT, "failed")
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .counter(
                    Metrics.GATE_CHECK_FAILURES, Metrics.TABLE, "docs", Metrics.CHECK, "coverage")
                .count())
        .isEqualTo(1);
    assertThat(board.gateOf("docs").orElseThrow().report()).contains("orphan x");
  }

  @Test
  void aMergeThatLeavesTheTableAloneIsNotAudited() {
    touched = false;

    PreMergeHook.Answer answer = hook.answer(event("pre-merge", "repo", "main", "m3"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(audited).isEmpty();
    assertThat(answer.body()).contains("table docs: not changed by this merge");
  }

  @Test
  void otherRepositoriesAndBranchesPass() {
    assertThat(hook.answer(event("pre-merge", "other", "main", "m")).body())
        .contains("no lakesync table is merged into main");
    assertThat(hook.answer(event("pre-merge", "repo", "feature", "m")).status()).isEqualTo(200);
    assertThat(audited).isEmpty();
  }

  @Test
  void anAuditThatCannotRunFailsClosed() {
    failure = new IOException("lakeFS unreachable");

    PreMergeHook.Answer answer = hook.answer(event("pre-merge", "repo", "main", "m4"));

    assertThat(answer.status()).isEqualTo(500);
    assertThat(answer.body()).contains("refusing it").contains("lakeFS unreachable");
  }

  @Test
  void malformedOrForeignEventsAreBadRequests() {
    assertThat(hook.answer("{not json".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
    assertThat(hook.answer(event("post-commit", "repo", "main", "c")).body())
        .contains("expected a pre-merge event");
    assertThat(
            hook.answer("{\"event_type\":\"pre-merge\"}".getBytes(StandardCharsets.UTF_8)).status())
        .isEqualTo(400);
  }

  private static byte[] event(String type, String repository, String branch, String commit) {
    return ("{\"event_type\":\""
            + type
            + "\",\"repository_id\":\""
            + repository
            + "\",\"branch_id\":\""
            + branch
            + "\",\"commit_id\":\""
            + commit
            + "\",\"source_ref\":\"s\"}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
