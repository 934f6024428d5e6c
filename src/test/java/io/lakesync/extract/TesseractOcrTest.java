package io.lakesync.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The installed {@code tesseract} on rendered images; no network, no files. */
class TesseractOcrTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** What {@code tesseract --version} printed for Debian 12's tesseract-ocr 5.3.0. */
  private static final String VERSION_OUTPUT =
      """
      tesseract 5.3.0
       leptonica-1.82.0
        libgif 5.2.1 : libjpeg 6b (libjpeg-turbo 2.1.2) : libpng 1.6.39 : libtiff 4.5.0
       Found AVX2
       Found OpenMP 201511
      """;

  private static TesseractOcr ocr;

  @BeforeAll
  static void findTesseract() {
    ocr =
        TesseractOcr.find("tesseract", "eng", TIMEOUT)
            .orElseGet(
                () ->
                    fail(
                        "tesseract with English is not installed: apt-get install"
                            + " tesseract-ocr tesseract-ocr-eng"));
  }

  @Test
  void readsRenderedText() {
    BufferedImage image = rendered(1200, 400, List.of("INVOICE No. 4711", "Total due: 129.50 EUR"));

    OcrResult result = ocr.read(image);

    assertThat(result).isInstanceOf(OcrResult.Read.class);
    String text = result.textOrEmpty();
    assertThat(text).contains("INVOICE").contains("4711").contains("Total");
    assertThat(text.lines()).hasSize(2);
    System.out.printf(
        "OCR of 1200x400, 2 lines: %s ms%n", ((OcrResult.Read) result).took().toMillis());
  }

  @Test
  void paragraphsAreSeparatedByABlankLine() {
    BufferedImage image =
        rendered(1400, 700, List.of("Quarterly report", "", "", "Revenue grew in every region"));

    String text = ocr.read(image).textOrEmpty();

    assertThat(text).isEqualTo("Quarterly report\n\nRevenue grew in every region");
  }

  @Test
  void noiseAndBlankImagesHaveNoTextAndNoFailure() {
    BufferedImage noise = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(15);
    for (int y = 0; y < noise.getHeight(); y++) {
      for (int x = 0; x < noise.getWidth(); x++) {
        noise.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    BufferedImage white = rendered(800, 600, List.of());
    BufferedImage transparent = new BufferedImage(50, 50, BufferedImage.TYPE_INT_ARGB);

    for (BufferedImage image : List.of(noise, white, transparent)) {
      OcrResult result = ocr.read(image);
      assertThat(result).isInstanceOf(OcrResult.Read.class);
      assertThat(result.textOrEmpty()).isEmpty();
    }
  }

  @Test
  void aRunPastTheTimeoutIsKilled() {
    TesseractOcr impatient = new TesseractOcr("tesseract", "eng", "5.3.0", Duration.ofMillis(100));
    BufferedImage page =
        rendered(3000, 4000, List.of("A long page of text", "with several lines", "to read"));
    long before = tesseractChildren();

    OcrResult result = impatient.read(page);

    assertThat(result).isInstanceOf(OcrResult.Failed.class);
    assertThat(((OcrResult.Failed) result).reason()).isEqualTo(OcrResult.Reason.TIMEOUT);
    assertThat(tesseractChildren()).as("tesseract processes left running").isEqualTo(before);
  }

  @Test
  void aFailingRunIsAResultNotAnException() {
    TesseractOcr noSuchLanguage = new TesseractOcr("tesseract", "xxx", "5.3.0", TIMEOUT);

    OcrResult result = noSuchLanguage.read(rendered(200, 100, List.of("hi")));

    assertThat(result).isInstanceOf(OcrResult.Failed.class);
    assertThat(((OcrResult.Failed) result).reason()).isEqualTo(OcrResult.Reason.EXIT);
  }

  @Test
  void stampNamesVersionAndLanguages() {
    assertThat(ocr.stamp()).matches("tesseract-\\d+\\.\\d+\\.\\d+.*\\+eng");
    assertThat(TesseractOcr.parseVersion(VERSION_OUTPUT)).contains("5.3.0");
    assertThat(TesseractOcr.parseVersion("tesseract v5.0.0-alpha.20210401\n leptonica-1.78.0"))
        .contains("5.0.0-alpha.20210401");
    assertThat(TesseractOcr.parseVersion("bash: tesseract: command not found")).isEmpty();
    assertThat(
            TesseractOcr.parseLanguages(
                "List of available languages in \"/usr/share/tesseract-ocr/5/tessdata/\" (2):\n"
                    + "eng\nosd\n"))
        .containsExactly("eng", "osd");
  }

  @Test
  void missingCommandOrLanguageIsNotFound() {
    assertThat(TesseractOcr.find("no-such-tesseract-command", "eng", TIMEOUT)).isEmpty();
    assertThat(TesseractOcr.find("/bin/true", "eng", TIMEOUT)).isEmpty();
    assertThat(TesseractOcr.find("tesseract", "eng+xxx", TIMEOUT)).isEmpty();
  }

  @Test
  void tsvIsFilteredByConfidenceAndReassembled() {
    String tsv =
        String.join(
            "\n",
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
            "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t",
            "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t96.1\tHello",
            "5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t12.0\t~=",
            "5\t1\t1\t1\t1\t3\t0\t0\t1\t1\t91.5\tworld",
            "5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t88.0\tsecond",
            "5\t1\t2\t1\t1\t1\t0\t0\t1\t1\t90.0\tnext",
            "5\t1\t2\t1\t1\t2\t0\t0\t1\t1\t30.0\tee");

    assertThat(TesseractOcr.fromTsv(tsv, 60)).isEqualTo("Hello world\nsecond\n\nnext");
  }

  @Test
  void normaliseDropsSymbolLinesAndCollapsesBlankLines() {
    assertThat(TesseractOcr.normalise("\n  a   b \n|||\n\n\n \n  c\n — \n\n"))
        .isEqualTo("a b\n\nc");
  }

  private static long tesseractChildren() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().command().orElse("").contains("tesseract"))
        .count();
  }

  /** Black lines of large sans-serif text on white, one every 120 pixels. */
  private static BufferedImage rendered(int width, int height, List<String> lines) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 64));
      int y = 120;
      for (String line : lines) {
        g.drawString(line, 60, y);
        y += 120;
      }
    } finally {
      g.dispose();
    }
    return image;
  }
}
