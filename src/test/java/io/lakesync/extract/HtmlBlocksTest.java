package io.lakesync.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlBlocksTest {
  @Test
  void blockElementsStaySeparateAndTheFirstHeadingNamesAnUntitledPage() {
    StructuredText page =
        HtmlBlocks.parse(
            "<h1>Alpha</h1><p>Beta gamma.</p><ul><li>one</li><li>two</li></ul><div>Delta</div>");

    assertThat(page.text()).isEqualTo("Alpha\n\nBeta gamma.\n\none\ntwo\n\nDelta");
    assertThat(page.title()).isEqualTo("Alpha");
    assertThat(kinds(page))
        .containsExactly(
            "HEADING1:Alpha", "PARAGRAPH:Beta gamma.", "ITEM:one", "ITEM:two", "PARAGRAPH:Delta");
  }

  @Test
  void theTitleElementNamesThePageAndTablesCodeAndBreaksKeepTheirShape() {
    StructuredText page =
        HtmlBlocks.parse(
            "<html><head><title> Backups </title><style>p{}</style></head><body>"
                + "<script>var x = 1;</script><h2>Schedule  <em>nightly</em></h2>"
                + "<table><tr><th>Day</th><th>Time</th></tr><tr><td>Mon</td><td>02:00</td></tr>"
                + "</table><pre>\nrun backup\n\n  --all\n</pre><p>line one<br>line two</p>"
                + "</body></html>");

    assertThat(page.title()).isEqualTo("Backups");
    assertThat(kinds(page))
        .containsExactly(
            "HEADING2:Schedule nightly",
            "ROW:Day | Time",
            "ROW:Mon | 02:00",
            "CODE:run backup\n\n  --all",
            "PARAGRAPH:line one\nline two");
    assertThat(page.text()).doesNotContain("var x").doesNotContain("p{}");
  }

  @Test
  void nestedBlocksDoNotGlueTextTogether() {
    StructuredText page =
        HtmlBlocks.parse("<div>intro<div>inner</div>outro</div><section><p>a</p>b</section>");

    assertThat(kinds(page))
        .containsExactly(
            "PARAGRAPH:intro", "PARAGRAPH:inner", "PARAGRAPH:outro", "PARAGRAPH:a", "PARAGRAPH:b");
  }

  static List<String> kinds(StructuredText text) {
    return text.blocks().stream()
        .map(
            b ->
                b.kind()
                    + (b.heading() ? Integer.toString(b.level()) : "")
                    + ":"
                    + b.in(text.text()))
        .toList();
  }
}
