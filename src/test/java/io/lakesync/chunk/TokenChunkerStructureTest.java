package io.lakesync.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.extract.Extraction;
import io.lakesync.extract.StructuredText;
import io.lakesync.extract.TextExtractor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Chunks of documents with structure: packing, headings and the context each chunk carries. */
class TokenChunkerStructureTest {
  private static final Tokenizer WORDS = new WhitespaceTokenizer();
  private static final int LIMIT = 50;
  private final TokenChunker chunker = new TokenChunker(WORDS, LIMIT, 8);

  @Test
  void chunksCarryTheirHeadingPathAndAHeadingNeverEndsAChunk() {
    Random random = new Random(7);
    StructuredText doc =
        markdown(
            "# Guide\n\n"
                + words(random, 10)
                + "\n\n## Install\n\n"
                + words(random, 30)
                + "\n\n### Linux\n\nlinuxword "
                + words(random, 30)
                + "\n\n## Usage\n\nusageword "
                + words(random, 30));

    List<Chunk> chunks = chunker.chunk(doc);

    assertThat(chunks).extracting(Chunk::context).allMatch(c -> c.startsWith("Guide"));
    Chunk linux = only(chunks, "linuxword");
    assertThat(linux.context()).isIn("Guide > Install", "Guide > Install > Linux");
    assertThat(only(chunks, "usageword").context()).isIn("Guide", "Guide > Usage");
    for (Chunk chunk : chunks.subList(0, chunks.size() - 1)) {
      assertThat(chunk.text())
          .doesNotEndWith("Install")
          .doesNotEndWith("Linux")
          .doesNotEndWith("Usage");
    }
    for (Chunk chunk : chunks) {
      assertThat(WORDS.spans(chunk.embeddedText()).count())
          .as("context and text of %s", chunk)
          .isLessThanOrEqualTo(LIMIT);
    }
  }

  @Test
  void theSectionsOfAnHtmlPageStartTheirOwnChunksUnderTheirHeadings() {
    Random random = new Random(8);
    String html =
        "<title>Manual</title><h1>Backups</h1><p>"
            + words(random, 20)
            + "</p><h2>Schedule</h2><p>"
            + words(random, 20)
            + "</p><h2>Restore</h2><p>restoreword "
            + words(random, 20)
            + "</p>";
    Extraction.Text text =
        (Extraction.Text)
            new TextExtractor(1 << 20).extract("m.html", html.getBytes(StandardCharsets.UTF_8));

    List<Chunk> chunks = chunker.chunk(text.content());

    Chunk restore = only(chunks, "restoreword");
    assertThat(restore.text()).startsWith("Restore\n\nrestoreword");
    assertThat(restore.context()).isEqualTo("Manual > Backups");
    assertThat(restore.embeddedText()).startsWith("Manual > Backups\n\nRestore\n\nrestoreword");
  }

  @Test
  void smallUnitsArePackedTowardsTheLimit() {
    Random random = new Random(9);
    List<String> paragraphs = new ArrayList<>();
    for (int p = 0; p < 40; p++) {
      paragraphs.add(words(random, 3 + random.nextInt(5)));
    }

    List<Chunk> chunks = chunker.chunk(String.join("\n\n", paragraphs));

    for (Chunk chunk : chunks.subList(0, chunks.size() - 1)) {
      assertThat(WORDS.spans(chunk.text()).count()).isBetween(LIMIT / 2, LIMIT);
    }
  }

  @Test
  void aCodeBlockThatFitsIsNeverCut() {
    Random random = new Random(10);
    String code = "```\ncodeword " + words(random, 12) + "\n\n" + words(random, 12) + "\n```";
    StructuredText doc = markdown(words(random, 30) + "\n\n" + code + "\n\n" + words(random, 30));

    List<Chunk> chunks = chunker.chunk(doc);

    assertThat(only(chunks, "codeword").text()).contains(code);
  }

  @Test
  void aLongContextIsCutToAQuarterOfTheLimit() {
    Random random = new Random(11);
    StructuredText doc =
        markdown("# " + words(random, 40) + "\n\n" + words(random, 20)).titledIfUntitled("x");

    for (Chunk chunk : chunker.chunk(doc)) {
      assertThat(WORDS.spans(chunk.context()).count()).isLessThanOrEqualTo(LIMIT / 4);
      assertThat(WORDS.spans(chunk.embeddedText()).count()).isLessThanOrEqualTo(LIMIT);
    }
  }

  private static StructuredText markdown(String source) {
    return ((Extraction.Text)
            new TextExtractor(1 << 20).extract("doc.md", source.getBytes(StandardCharsets.UTF_8)))
        .content();
  }

  private static Chunk only(List<Chunk> chunks, String word) {
    List<Chunk> with = chunks.stream().filter(c -> c.text().contains(word)).toList();
    assertThat(with).as("chunks containing " + word).hasSize(1);
    return with.get(0);
  }

  private static String words(Random random, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i > 0 ? " " : "").append("w").append(random.nextInt(100_000));
    }
    return sb.toString();
  }
}
