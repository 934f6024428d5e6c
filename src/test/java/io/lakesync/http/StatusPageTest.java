package io.lakesync.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.status.StatusBoard;
import io.lakesync.status.SyncOutcome;
import io.lakesync.status.SyncStatus;
import io.lakesync.status.TableLagSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusPageTest {
  private final StatusBoard board = new StatusBoard(List.of("docs", "images"));
  private final StatusPage page =
      new StatusPage(
          board,
          "1.2.3",
          new CallerAuth(
              new io.lakesync.config.LakeFsSettings(
                  java.net.URI.create("http://127.0.0.1:9"),
                  "key",
                  io.lakesync.config.Secret.of("secret")),
              io.lakesync.lakefs.LakeFsErrors.NONE),
          java.util.Map.of());

  @Test
  void showsLagOutcomeAndGateReportPerTableAndRefreshesItself() {
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    board.lag(
        new TableLagSnapshot(
            "docs",
            "aaaaaaaaaaaa1111",
            Optional.of("bbbbbbbbbbbb2222"),
            3,
            Optional.of(now.minusSeconds(95)),
            now));
    board.sync(status(SyncOutcome.MERGED, "mmmmmmmmmmmm3333", ""));
    board.sync(status(SyncOutcome.NOOP, null, "nothing in scope changed"));
    board.gate("docs", false, "coverage FAIL <orphan> docs/ghost.md");
    board.lagFailed("images", "lakeFS unreachable");
    board.consumerLag("lakefs.commit-events", 42);

    String html = page.render(now);

    assertThat(html)
        .contains("<meta http-equiv=\"refresh\" content=\"5\">")
        .contains("version 1.2.3")
        .contains("<td><b>docs</b></td><td><code title=\"aaaaaaaaaaaa1111\">aaaaaaaaaaaa</code>")
        .contains("<span class=\"bad\">3</span>")
        .contains("<span class=\"bad\">95</span>")
        .contains("<span class=\"ok\">noop</span>")
        .contains("last change: merged <code title=\"mmmmmmmmmmmm3333\">")
        .contains("<span class=\"bad\">failed</span>")
        .contains("coverage FAIL &lt;orphan&gt; docs/ghost.md")
        .contains("not measured: lakeFS unreachable")
        .contains("<td>lakefs.commit-events</td><td>42</td>")
        .doesNotContain("<orphan>");
  }

  @Test
  void showsARunningSyncsWrittenReadAndEmbeddedProgressUntilItEnds() {
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    try {
      io.lakesync.status.RunningSyncs.Running running =
          io.lakesync.status.RunningSyncs.started("images", "cccccccccccc4444", 4, 1000, 1, 100);
      running.objectRead(300);
      running.objectRead(200);
      running.phase(io.lakesync.status.RunningSyncs.Phase.EMBEDDING);
      running.chunksDone(200, 150);
      assertThat(page.render(now))
          .contains("1 / 4 objects written (10%), 3 read; 200 / 500 chunks embedded")
          .contains("ETA unknown; embedding (resumed after 1 objects)");

      running.phase(io.lakesync.status.RunningSyncs.Phase.WRITING);
      running.written(2, 500);
      assertThat(page.render(now))
          .contains("3 / 4 objects written (60%), 3 read")
          .containsPattern("ETA [0-9.]+s; writing");
    } finally {
      io.lakesync.status.RunningSyncs.finished("images");
    }
    assertThat(page.render(now)).doesNotContain("chunks embedded");
  }

  @Test
  void escapesEverythingItShows() {
    assertThat(StatusPage.escape("<script>alert('x') & \"y\"</script>"))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
  }

  private static SyncStatus status(SyncOutcome outcome, String merge, String message) {
    return new SyncStatus(
        "docs", "repo", "main", outcome, "e", "s", merge, 1, 0, 0, 0, 2, 2, 0, 0, 0, 120, message,
        Map.of());
  }

  @Test
  void showsOnlyTheTablesTheCallerMayReadAndSaysWhenABranchIsMissing() {
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    board.branchMissing("images", true);

    String readerView = page.render(now, java.util.Set.of("docs"));
    String adminView = page.render(now, java.util.Set.of("docs", "images"));

    assertThat(readerView).contains("<td><b>docs</b></td>").doesNotContain("images");
    assertThat(adminView)
        .contains("<td><b>images</b></td>")
        .contains("source branch does not exist");
    board.branchMissing("images", false);
    assertThat(page.render(now)).doesNotContain("source branch does not exist");
  }
}
