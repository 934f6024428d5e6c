package io.lakesync.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.testing.TestPdfs;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextExtractorTest {
  private final TextExtractor extractor = new TextExtractor(1024 * 1024);

  @Test
  void plainTextAndMarkdownAreKeptAsIs() {
    assertThat(text("docs/a.md", "# Title\n\nBody text.")).isEqualTo("# Title\n\nBody text.");
    assertThat(text("notes/readme", "no extension, plain text"))
        .isEqualTo("no extension, plain text");
    assertThat(text("a.txt", "\uFEFFwith a byte order mark")).isEqualTo("with a byte order mark");
  }

  @Test
  void htmlKeepsOnlyVisibleText() {
    String html =
        "<html><head><title>T</title><style>p{color:red}</style></head>"
            + "<body><h1>Heading</h1><script>var secret = 1;</script><p>Visible words.</p></body></html>";

    String text = text("page.html", html);

    assertThat(text).contains("Heading").contains("Visible words.");
    assertThat(text).doesNotContain("secret").doesNotContain("color").doesNotContain("<p>");
  }

  @Test
  void htmlIsRecognisedByContentWithoutAnExtension() {
    assertThat(
            TextExtractor.sniff("page", "<!DOCTYPE html><p>x</p>".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Format.HTML);
  }

  @Test
  void jsonKeepsStringValuesInOrder() {
    String json =
        "{\"title\": \"Backups\", \"days\": 35, \"tags\": [\"ops\", \"restore\"], \"n\": null}";

    assertThat(text("meta.json", json)).isEqualTo("Backups\nops\nrestore\n");
  }

  @Test
  void csvBecomesOneLinePerRecord() {
    assertThat(text("t.csv", "name,role\n\"Doe, Jane\",admin\n"))
        .isEqualTo("name | role\nDoe, Jane | admin\n");
  }

  @Test
  void pdfTextIsExtractedEvenUnderAWrongExtension() throws Exception {
    byte[] pdf = TestPdfs.withLine("Quarterly report: revenue grew");

    assertThat(text("report.pdf", pdf)).contains("Quarterly report: revenue grew");
    assertThat(text("report.txt", pdf)).contains("Quarterly report");
  }

  @Test
  void everyUnreadableObjectIsSkippedWithItsReason() {
    assertSkipped("empty.md", new byte[0], SkipReason.EMPTY);
    assertSkipped("blank.md", "  \n\t ".getBytes(StandardCharsets.UTF_8), SkipReason.EMPTY);
    assertSkipped(
        "bad.txt", new byte[] {'a', (byte) 0xC3, (byte) 0x28}, SkipReason.INVALID_ENCODING);
    assertSkipped("blob.dat", new byte[] {1, 2, 0, 4}, SkipReason.BINARY);
    assertSkipped(
        "image.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0}, SkipReason.UNSUPPORTED_TYPE);
    assertSkipped(
        "broken.pdf",
        "%PDF-1.7 not really".getBytes(StandardCharsets.UTF_8),
        SkipReason.UNREADABLE);
    assertSkipped("bad.json", "{\"a\": ".getBytes(StandardCharsets.UTF_8), SkipReason.UNREADABLE);
    assertSkipped("big.txt", new byte[2 * 1024 * 1024], SkipReason.TOO_LARGE);
  }

  private void assertSkipped(String path, byte[] content, SkipReason reason) {
    Extraction result = extractor.extract(path, content);
    assertThat(result).as(path).isInstanceOf(Extraction.Skipped.class);
    Extraction.Skipped skipped = (Extraction.Skipped) result;
    assertThat(skipped.reason()).as(path).isEqualTo(reason);
    assertThat(skipped.detail()).as(path).isNotBlank();
  }

  private String text(String path, String content) {
    return text(path, content.getBytes(StandardCharsets.UTF_8));
  }

  private String text(String path, byte[] content) {
    Extraction result = extractor.extract(path, content);
    assertThat(result).as(path).isInstanceOf(Extraction.Text.class);
    return ((Extraction.Text) result).text();
  }
}
