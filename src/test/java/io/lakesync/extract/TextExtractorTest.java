package io.lakesync.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.testing.TestPdfs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
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
  void utf16And32WithAByteOrderMarkAreDecodedAsTheExtensionSays() {
    String text = "Grüße, 世界 \uD83D\uDE00\nsecond line";
    for (String path : List.of("notes.txt", "docs/readme.md")) {
      assertThat(text(path, bom(0xFF, 0xFE, text.getBytes(StandardCharsets.UTF_16LE))))
          .as(path + " UTF-16LE")
          .isEqualTo(text);
      assertThat(text(path, bom(0xFE, 0xFF, text.getBytes(StandardCharsets.UTF_16BE))))
          .as(path + " UTF-16BE")
          .isEqualTo(text);
      assertThat(text(path, bom(0xFF, 0xFE, 0, 0, text.getBytes(Charset.forName("UTF-32LE")))))
          .as(path + " UTF-32LE")
          .isEqualTo(text);
      assertThat(text(path, bom(0, 0, 0xFE, 0xFF, text.getBytes(Charset.forName("UTF-32BE")))))
          .as(path + " UTF-32BE")
          .isEqualTo(text);
    }
    byte[] csv = bom(0xFF, 0xFE, "name,role\nJane,admin\n".getBytes(StandardCharsets.UTF_16LE));
    assertThat(extractor.extract("t.csv", csv))
        .isEqualTo(new Extraction.Text("name | role\nJane | admin\n", Format.CSV));
    byte[] html = bom(0xFE, 0xFF, "<!DOCTYPE html><p>Hi</p>".getBytes(StandardCharsets.UTF_16BE));
    assertThat(TextExtractor.sniff("page", html)).isEqualTo(Format.HTML);
  }

  @Test
  void aUtf8ByteOrderMarkIsNotPartOfTheText() {
    String text = text("a.md", bom(0xEF, 0xBB, 0xBF, "# Title".getBytes(StandardCharsets.UTF_8)));

    assertThat(text).isEqualTo("# Title").doesNotStartWith("\uFEFF");
  }

  @Test
  void malformedUtf16AfterAByteOrderMarkIsAnInvalidEncoding() {
    byte[] even = "text".getBytes(StandardCharsets.UTF_16LE);
    assertSkipped(
        "odd.txt",
        bom(0xFF, 0xFE, Arrays.copyOf(even, even.length + 1)),
        SkipReason.INVALID_ENCODING);
    byte[] loneHighSurrogate = {'a', 0, 0x3D, (byte) 0xD8, 'b', 0};
    assertSkipped("lone.md", bom(0xFF, 0xFE, loneHighSurrogate), SkipReason.INVALID_ENCODING);
    byte[] loneLowSurrogate = {0, 'a', (byte) 0xDE, 0x00};
    assertSkipped("lone-be.txt", bom(0xFE, 0xFF, loneLowSurrogate), SkipReason.INVALID_ENCODING);
    Extraction.Skipped skipped =
        (Extraction.Skipped) extractor.extract("odd.txt", bom(0xFF, 0xFE, new byte[] {'a'}));
    assertThat(skipped.detail()).isEqualTo("not valid UTF-16LE");
  }

  @Test
  void binaryIsStillBinaryWithOrWithoutAByteOrderMark() {
    assertSkipped("blob.txt", new byte[] {'a', 0, 'b', 0}, SkipReason.BINARY);
    assertSkipped(
        "blob.dat", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 1, 0, 2}, SkipReason.BINARY);
    assertSkipped(
        "blob.txt", bom(0xFF, 0xFE, new byte[] {'a', 0, 0, 0, 'b', 0}), SkipReason.BINARY);
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

  @Test
  void imagesAreDecodedOnlyWithAnImageDecoder() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(12, 8, BufferedImage.TYPE_INT_RGB), "png", out);
    byte[] png = out.toByteArray();
    TextExtractor withImages = new TextExtractor(1024 * 1024, new ImageDecoder());

    Extraction decoded = withImages.extract("photos/a.png", png);
    assertThat(decoded).isInstanceOf(Extraction.Image.class);
    assertThat(((Extraction.Image) decoded).format()).isEqualTo(ImageFormat.PNG);
    assertThat(((Extraction.Image) decoded).width()).isEqualTo(12);
    // Magic bytes alone are enough: an image without an image extension is still an image.
    assertThat(withImages.extract("photos/a", png)).isInstanceOf(Extraction.Image.class);
    Extraction.Skipped text =
        (Extraction.Skipped)
            withImages.extract("notes.png", "plain words".getBytes(StandardCharsets.UTF_8));
    assertThat(text.reason()).isEqualTo(SkipReason.UNSUPPORTED_TYPE);
    assertThat(text.detail()).isEqualTo("not a PNG: content is text");
    Extraction.Skipped svg =
        (Extraction.Skipped)
            withImages.extract("logo.svg", "<svg/>".getBytes(StandardCharsets.UTF_8));
    assertThat(svg.detail()).isEqualTo("SVG is a vector format; not rasterised");
    assertThat(withImages.extract("a.md", "# Text".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(Extraction.Text.class);

    assertSkipped("photos/a.png", png, SkipReason.UNSUPPORTED_TYPE);
    assertThat(((Extraction.Skipped) extractor.extract("photos/a.png", png)).detail())
        .isEqualTo(".png files are not extracted");
  }

  private void assertSkipped(String path, byte[] content, SkipReason reason) {
    Extraction result = extractor.extract(path, content);
    assertThat(result).as(path).isInstanceOf(Extraction.Skipped.class);
    Extraction.Skipped skipped = (Extraction.Skipped) result;
    assertThat(skipped.reason()).as(path).isEqualTo(reason);
    assertThat(skipped.detail()).as(path).isNotBlank();
  }

  private static byte[] bom(int b0, int b1, byte[] text) {
    return marked(new int[] {b0, b1}, text);
  }

  private static byte[] bom(int b0, int b1, int b2, byte[] text) {
    return marked(new int[] {b0, b1, b2}, text);
  }

  private static byte[] bom(int b0, int b1, int b2, int b3, byte[] text) {
    return marked(new int[] {b0, b1, b2, b3}, text);
  }

  private static byte[] marked(int[] mark, byte[] text) {
    byte[] content = new byte[mark.length + text.length];
    for (int i = 0; i < mark.length; i++) {
      content[i] = (byte) mark[i];
    }
    System.arraycopy(text, 0, content, mark.length, text.length);
    return content;
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
