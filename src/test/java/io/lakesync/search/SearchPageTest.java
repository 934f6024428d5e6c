package io.lakesync.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.Secret;
import io.lakesync.config.TableConfig;
import io.lakesync.http.CallerAuth;
import io.lakesync.lakefs.LakeFsErrors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SearchPageTest {
  private static final TableConfig TABLE =
      LakesyncConfig.parse("tables: [{name: docs, repository: repo, branch: main}]")
          .tables()
          .get(0);
  private static final String COMMIT = "c0ffee".repeat(10) + "abcd";

  private final SearchPage page =
      new SearchPage(
          new CallerSearch(
              List.of(TABLE),
              new CallerAuth(
                  new LakeFsSettings(
                      java.net.URI.create("http://127.0.0.1:1"), "k", Secret.of("s")),
                  LakeFsErrors.NONE),
              caller -> null));

  @Test
  void hitsShowPathHeadingsMarkedSnippetScoreAndThePinnedCommitWithEveryValueEscaped() {
    SearchAnswer answer =
        new SearchAnswer(
            "docs",
            "main",
            COMMIT,
            "all-MiniLM-L6-v2@1",
            "hybrid",
            "How long are backups kept?",
            5,
            List.of(
                new SearchHit(
                    "docs/ops/backups.md#0",
                    "docs/ops/backups.md",
                    0,
                    0,
                    60,
                    "Nightly <b>backups</b> are kept for 35 days.",
                    "Operations > Backups",
                    0.0325,
                    COMMIT)));

    String html =
        page.render(
            Map.of("table", "docs", "q", answer.query(), "ref", "main"),
            List.of("main", "dev"),
            Optional.of(new SearchRequest.Outcome.Answered(answer)));

    assertThat(html)
        .contains("docs/ops/backups.md")
        .contains("Operations &gt; Backups")
        .contains("Nightly &lt;b&gt;<mark>backups</mark>&lt;/b&gt; are <mark>kept</mark> for 35")
        .contains("score 0.0325")
        .contains("= commit <a href=\"/find?table=docs&amp;ref=" + COMMIT)
        .contains(
            "lakesync search --config lakesync.yaml --table &#39;docs&#39; --ref "
                + COMMIT
                + " --mode hybrid --k 5 &#39;How long are backups kept?&#39;")
        .contains("GET /search?table=docs&amp;ref=" + COMMIT + "&amp;mode=hybrid&amp;k=5&amp;q=How")
        .contains("<option value=\"dev\">")
        .doesNotContain("<b>backups</b>")
        .doesNotContain("<script");
  }

  @Test
  void aRefusedSearchSaysWhyAndKeepsTheForm() {
    String html =
        page.render(
            Map.of("table", "docs", "q", "x", "ref", "nope"),
            List.of("main"),
            Optional.of(new SearchRequest.Outcome.Refused(404, "no branch, tag or commit 'nope'")));

    assertThat(html)
        .contains("<p class=\"error\">404: no branch, tag or commit &#39;nope&#39;</p>")
        .contains("value=\"nope\"")
        .contains("<option value=\"hybrid\" selected>");
  }

  @Test
  void aQueryWithAQuoteIsQuotedForTheShell() {
    assertThat(SearchPage.shellQuoted("it's")).isEqualTo("'it'\\''s'");
  }

  @Test
  void snippetsMarkStemsNotStopWordsAndShowTheWindowAroundTheFirstMatch() {
    assertThat(Snippets.marked("The backup is backed up", "backups of the"))
        .isEqualTo("The <mark>backup</mark> is backed up");
    String longText = "filler ".repeat(100) + "vacuum freezes old rows " + "tail ".repeat(100);
    String snippet = Snippets.marked(longText, "vacuum");
    assertThat(snippet).startsWith("… ").endsWith(" …").contains("<mark>vacuum</mark> freezes");
    assertThat(snippet.length()).isLessThan(Snippets.WINDOW + 40);
  }
}
