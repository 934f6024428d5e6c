package io.lakesync.extract;

import static io.lakesync.extract.HtmlBlocksTest.kinds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StructuredTextTest {
  @Test
  void anEditThatChangesLengthsMovesTheBlocksWithIt() {
    StructuredText doc =
        MarkdownBlocks.parse("# Mail jane@example.com\n\nWrite to jane@example.com now.");

    StructuredText redacted = doc.map(s -> s.replace("jane@example.com", "[EMAIL]"));

    assertThat(redacted.text()).isEqualTo("# Mail [EMAIL]\n\nWrite to [EMAIL] now.");
    assertThat(redacted.title()).isEqualTo("Mail [EMAIL]");
    assertThat(kinds(redacted))
        .containsExactly("HEADING1:Mail [EMAIL]", "PARAGRAPH:Write to [EMAIL] now.");
  }

  @Test
  void plainTextIsParagraphsAndAFallbackTitleOnlyFillsAGap() {
    StructuredText plain = StructuredText.plain("one\n\n \n two  \n\nthree");

    assertThat(kinds(plain)).containsExactly("PARAGRAPH:one", "PARAGRAPH:two", "PARAGRAPH:three");
    assertThat(plain.titledIfUntitled("notes").title()).isEqualTo("notes");
    assertThat(MarkdownBlocks.parse("# Own\n\nx").titledIfUntitled("notes").title())
        .isEqualTo("Own");
  }

  @Test
  void blocksMustBeOrderedAndInside() {
    assertThatThrownBy(
            () ->
                new StructuredText(
                    "abcdef",
                    "",
                    List.of(
                        Block.of(Block.Kind.PARAGRAPH, 3, 5),
                        Block.of(Block.Kind.PARAGRAPH, 0, 2))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Block.of(Block.Kind.HEADING, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
