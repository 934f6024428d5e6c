package io.lakesync.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.sync.RowKey;
import io.lakesync.sync.SkipRecord;
import io.lakesync.sync.SourceObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoverageCheckTest {
  private static final List<SourceObject> DATA =
      List.of(
          new SourceObject("docs/a.md", "ca", 10),
          new SourceObject("docs/b.md", "cb", 10),
          new SourceObject("docs/photo.png", "cp", 10));

  @Test
  void everyObjectCoveredOrSkippedForItsVersionPasses() {
    CheckResult result =
        CoverageCheck.run(
            0.99,
            DATA,
            Set.of(),
            List.of(row("docs/a.md", "ca"), row("docs/a.md", "ca"), row("docs/b.md", "cb")),
            Map.of("docs/photo.png", skip("docs/photo.png", "cp")));

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(result.summary())
        .startsWith("100.0% of objects covered (2 of 2; minimum 99.0%), 1 skipped");
  }

  @Test
  void orphansFailEvenAtFullCoverage() {
    CheckResult result =
        CoverageCheck.run(
            0.5,
            DATA,
            Set.of(),
            List.of(row("docs/a.md", "ca"), row("docs/b.md", "cb"), row("docs/gone.md", "cg")),
            Map.of("docs/photo.png", skip("docs/photo.png", "cp")));

    assertThat(result.failed()).isTrue();
    assertThat(result.details()).containsExactly("orphan vectors: docs/gone.md (no such object)");
  }

  @Test
  void vectorsOrSkipRecordsOfAnotherVersionDoNotCount() {
    CheckResult result =
        CoverageCheck.run(
            0.5,
            DATA,
            Set.of(),
            List.of(row("docs/a.md", "ca"), row("docs/b.md", "old")),
            Map.of("docs/photo.png", skip("docs/photo.png", "old")));

    assertThat(result.failed()).isTrue();
    assertThat(result.details())
        .containsExactly(
            "stale vectors: docs/b.md (made from another version)", "no vectors: docs/photo.png");
    assertThat(result.summary()).startsWith("33.3% of objects covered (1 of 3;");
  }

  @Test
  void coverageBelowTheThresholdFailsAndNamesTheMissingObjects() {
    CheckResult result =
        CoverageCheck.run(0.99, DATA, Set.of(), List.of(row("docs/a.md", "ca")), Map.of());

    assertThat(result.failed()).isTrue();
    assertThat(result.details())
        .containsExactly("no vectors: docs/b.md", "no vectors: docs/photo.png");
  }

  @Test
  void objectsChangedAfterTheTablesCommitArePendingNotDefects() {
    // b.md was edited and c.md deleted on the branch after the table's source commit.
    CheckResult result =
        CoverageCheck.run(
            0.99,
            DATA,
            Set.of("docs/b.md", "docs/c.md"),
            List.of(row("docs/a.md", "ca"), row("docs/b.md", "old"), row("docs/c.md", "cc")),
            Map.of("docs/photo.png", skip("docs/photo.png", "cp")));

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(result.summary()).endsWith("0 orphaned, 0 stale, 2 pending");
  }

  @Test
  void imagesCountLikeDocumentsAndTheSummaryStatesThemApart() {
    List<SourceObject> data =
        List.of(
            new SourceObject("docs/a.md", "ca", 10),
            new SourceObject("images/cat.png", "cc", 10),
            new SourceObject("images/scan.jpg", "cs", 10),
            new SourceObject("images/huge.tif", "ch", 10));

    CheckResult covered =
        CoverageCheck.run(
            0.99,
            data,
            Set.of(),
            List.of(
                row("docs/a.md", "ca"), row("images/cat.png", "cc"), row("images/scan.jpg", "cs")),
            Map.of(
                "images/huge.tif",
                new SkipRecord("images/huge.tif", "TOO_LARGE", "pixels", "ch", "c1")));
    CheckResult missing =
        CoverageCheck.run(
            0.99,
            data,
            Set.of(),
            List.of(row("docs/a.md", "ca"), row("images/cat.png", "cc")),
            Map.of(
                "images/huge.tif",
                new SkipRecord("images/huge.tif", "TOO_LARGE", "pixels", "ch", "c1")));

    assertThat(covered.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(covered.summary())
        .startsWith(
            "100.0% of objects covered (3 of 3; images 2 of 2; minimum 99.0%), 1 skipped"
                + " {TOO_LARGE=1}");
    assertThat(missing.failed()).isTrue();
    assertThat(missing.summary()).contains("(2 of 3; images 1 of 2;");
    assertThat(missing.details()).containsExactly("no vectors: images/scan.jpg");
  }

  private static RowKey row(String path, String checksum) {
    return new RowKey(path + "#" + checksum, path, checksum, "m@1", "t");
  }

  private static SkipRecord skip(String path, String checksum) {
    return new SkipRecord(path, "UNSUPPORTED_TYPE", ".png files are not extracted", checksum, "c1");
  }
}
