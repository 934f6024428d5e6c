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
  void imageHitsShowAThumbnailTheirLabelsAndALinkToSimilarImagesAllEscaped() {
    SearchHit image =
        new SearchHit(
            "photos/<cat>.png#0",
            "photos/<cat> & co.png",
            0,
            0,
            30,
            "Image: tabby cat, tiger cat.",
            "Image: tabby cat, tiger cat.",
            0.61,
            COMMIT,
            SearchHit.IMAGE,
            List.of(
                new SearchHit.Label("tabby <cat>", 0.54), new SearchHit.Label("tiger cat", 0.2)));
    SearchHit document =
        new SearchHit("docs/a.md#0", "docs/a.md", 0, 0, 10, "cats", "", 0.5, COMMIT);
    SearchAnswer answer =
        new SearchAnswer(
            "docs", "main", COMMIT, "m@1", "hybrid", "a cat", 5, List.of(image, document));

    String html =
        page.render(
            Map.of("table", "docs", "q", "a cat"),
            List.of("main"),
            Optional.of(new SearchRequest.Outcome.Answered(answer)));

    String encodedPath = "photos%2F%3Ccat%3E+%26+co.png";
    assertThat(html)
        .contains(
            "<img class=\"thumb\" alt=\"photos/&lt;cat&gt; &amp; co.png\" src=\"/thumbnail?table=docs&amp;commit="
                + COMMIT
                + "&amp;path="
                + encodedPath
                + "\">")
        .contains("labels: tabby &lt;cat&gt; 0.54, tiger cat 0.20")
        .contains(
            "href=\"/find?table=docs&amp;ref="
                + COMMIT
                + "&amp;k=5&amp;image=lakefs%3A%2F%2Frepo%2F"
                + COMMIT
                + "%2F"
                + encodedPath
                + "\">similar images</a>")
        .doesNotContain("<cat>");
    // Only the image gets a thumbnail.
    assertThat(html.split("<img ", -1)).hasSize(2);
  }

  @Test
  void anImageAnswerSaysWhatItLooksLikeAndReproducesWithImage() {
    String query = "lakefs://repo/" + COMMIT + "/photos/cat.png";
    SearchAnswer answer =
        new SearchAnswer(
            "docs", "main", COMMIT, "efficientnet-lite0@1", "image", query, 3, List.of());

    String html =
        page.render(
            Map.of("table", "docs", "image", query),
            List.of("main"),
            Optional.of(new SearchRequest.Outcome.Answered(answer)));

    assertThat(html)
        .contains("Images like <code>" + query + "</code>")
        .contains("image search · model efficientnet-lite0@1 · 0 hits")
        .contains(
            "lakesync search --config lakesync.yaml --table &#39;docs&#39; --ref "
                + COMMIT
                + " --k 3 --image &#39;"
                + query
                + "&#39;")
        .contains("GET /search?table=docs&amp;ref=" + COMMIT + "&amp;k=3&amp;image=lakefs%3A");
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
