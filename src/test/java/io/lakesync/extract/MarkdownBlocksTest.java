package io.lakesync.extract;

import static io.lakesync.extract.HtmlBlocksTest.kinds;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownBlocksTest {
  @Test
  void headingsListsAndFencedCodeAreBlocksOnTheRawText() {
    String source =
        "# Guide\n\nIntro text\nwraps here.\n\n## Install ##\n\n- first step\n- second\n  continued\n"
            + "\n```sh\nmake\n\nmake install\n```\n\nSetext\n------\n\nlast";

    StructuredText doc = MarkdownBlocks.parse(source);

    assertThat(doc.text()).isEqualTo(source);
    assertThat(doc.title()).isEqualTo("Guide");
    assertThat(kinds(doc))
        .containsExactly(
            "HEADING1:Guide",
            "PARAGRAPH:Intro text\nwraps here.",
            "HEADING2:Install",
            "ITEM:- first step",
            "ITEM:- second\n  continued",
            "CODE:```sh\nmake\n\nmake install\n```",
            "HEADING2:Setext",
            "PARAGRAPH:last");
  }

  @Test
  void frontMatterNamesTheDocumentAndIsLeftOut() {
    StructuredText doc =
        MarkdownBlocks.parse(
            "---\ntitle: \"Pull requests\"\nweight: 3\n---\n## Create one\n\nText");

    assertThat(doc.title()).isEqualTo("Pull requests");
    assertThat(kinds(doc)).containsExactly("HEADING2:Create one", "PARAGRAPH:Text");
  }

  @Test
  void anUnclosedFenceRunsToTheEndAndHashesInCodeAreNotHeadings() {
    StructuredText doc = MarkdownBlocks.parse("text\n\n~~~\n# not a heading\n");

    assertThat(kinds(doc)).containsExactly("PARAGRAPH:text", "CODE:~~~\n# not a heading");
    assertThat(doc.title()).isEmpty();
  }
}
