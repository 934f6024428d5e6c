package io.lakesync.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StagingBranchesTest {
  private static final String COMMIT =
      "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";
  private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");

  @Test
  void everyAttemptGetsItsOwnBranchThatNamesTableCommitAndCreationTime() {
    String first = StagingBranches.newAttempt("docs", COMMIT, NOW);
    String second = StagingBranches.newAttempt("docs", COMMIT, NOW);

    assertThat(first)
        .isNotEqualTo(second)
        .startsWith("lakesync-docs-abcdef012345-")
        .matches("[\\w-]+");
    assertThat(first).startsWith(StagingBranches.forTable("docs", COMMIT));
    StagingBranches.Parsed parsed = StagingBranches.parse(first, "docs").orElseThrow();
    assertThat(parsed.commitPrefix()).isEqualTo("abcdef012345");
    assertThat(parsed.created()).contains(NOW);
  }

  @Test
  void namesOfOtherTablesAndUsersBranchesAreNotTakenForStagingBranches() {
    String docsV2 = StagingBranches.newAttempt("docs-v2", COMMIT, NOW);
    String docsAb = StagingBranches.newAttempt("docs-ab", COMMIT, NOW);

    assertThat(StagingBranches.parse(docsV2, "docs")).isEmpty();
    assertThat(StagingBranches.parse(docsAb, "docs")).isEmpty();
    assertThat(StagingBranches.parse(docsAb, "docs-ab")).isPresent();
    assertThat(StagingBranches.parse("lakesync-docs-experiment", "docs")).isEmpty();
    assertThat(StagingBranches.parse("main", "docs")).isEmpty();
  }

  @Test
  void theDeterministicNamesOfEarlierVersionsAreRecognisedWithoutAnAge() {
    StagingBranches.Parsed legacy =
        StagingBranches.parse("lakesync-docs-abcdef012345", "docs").orElseThrow();

    assertThat(legacy.commitPrefix()).isEqualTo("abcdef012345");
    assertThat(legacy.created()).isEmpty();
  }
}
