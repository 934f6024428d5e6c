package io.lakesync.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.chunk.Chunk;
import io.lakesync.chunk.TokenChunker;
import io.lakesync.config.EmbeddingModel;
import io.lakesync.extract.Block;
import io.lakesync.extract.StructuredText;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text images are found by; the ranking checks embed it with the real all-MiniLM-L6-v2, loaded
 * from its Maven artifact with every network connection refused.
 */
class ImageDescriptionTest {
  private static final List<ImageEmbedding.Label> CAT =
      List.of(
          label("tabby cat", 0.62f),
          label("tiger cat", 0.21f),
          label("Egyptian cat", 0.11f),
          label("lynx", 0.02f));
  private static final List<ImageEmbedding.Label> COFFEE =
      List.of(label("espresso", 0.71f), label("cup", 0.14f), label("eggnog", 0.04f));

  /** A scanned letter: ImageNet has no class for it. */
  private static final List<ImageEmbedding.Label> SCAN =
      List.of(label("envelope", 0.08f), label("menu", 0.06f), label("web site", 0.05f));

  private static final String DATABASE_DOCUMENT =
      "PostgreSQL stores each table in heap files and writes every change to the write-ahead log"
          + " first, so a crash loses no committed transaction.";

  private static NoNetwork network;
  private static DjlTextEmbedder embedder;

  @BeforeAll
  static void load(@TempDir Path modelCache) {
    network = new NoNetwork();
    embedder = DjlTextEmbedder.load(EmbeddingModel.ALL_MINILM_L6_V2, modelCache);
  }

  @AfterAll
  static void close() {
    embedder.close();
    network.close();
  }

  @Test
  void confidentLabelsAreStatedAndTheRestOfferedAsAlternatives() {
    assertThat(ImageDescription.labelsSentence(CAT))
        .isEqualTo("A photo of a tabby cat, or possibly a tiger cat or an Egyptian cat.");
    assertThat(ImageDescription.labelsSentence(List.of(label("espresso", 0.93f))))
        .isEqualTo("A photo of an espresso.");
  }

  @Test
  void unsureLabelsAreHedgedAndJunkLabelsLeftOut() {
    assertThat(
            ImageDescription.labelsSentence(
                List.of(label("envelope", 0.3f), label("packet", 0.12f), label("menu", 0.05f))))
        .isEqualTo("A photo that may show an envelope or a packet.");
    assertThat(ImageDescription.labelsSentence(SCAN)).isEqualTo("An image.");
    assertThat(ImageDescription.labelsSentence(List.of())).isEqualTo("An image.");
  }

  @Test
  void labelOrderAndArticles() {
    assertThat(
            ImageDescription.labelsSentence(
                List.of(CAT.get(3), CAT.get(1), CAT.get(0), CAT.get(2))))
        .isEqualTo(ImageDescription.labelsSentence(CAT));
    assertThat(ImageDescription.withArticle("unicycle")).isEqualTo("a unicycle");
    assertThat(ImageDescription.withArticle("European fire salamander"))
        .isEqualTo("a European fire salamander");
    assertThat(ImageDescription.withArticle("orange")).isEqualTo("an orange");
  }

  /** There is no path argument at all; the same labels and OCR text give the same text. */
  @Test
  void theDescriptionDependsOnLabelsAndOcrTextOnly() {
    StructuredText a = ImageDescription.describe(CAT, "Mittens\n\nborn 2019");
    StructuredText b = ImageDescription.describe(CAT, "  Mittens\n\nborn 2019\n");

    assertThat(a).isEqualTo(b);
    assertThat(a.title()).isEqualTo(ImageDescription.labelsSentence(CAT));
  }

  @Test
  void withoutOcrTextTheSentenceIsTheOnlyBlockUnderAGenericTitle() {
    StructuredText text = ImageDescription.describe(CAT, " \n ");

    assertThat(text.title()).isEqualTo("An image.");
    assertThat(text.text()).isEqualTo(ImageDescription.labelsSentence(CAT));
    assertThat(text.blocks())
        .containsExactly(Block.of(Block.Kind.PARAGRAPH, 0, text.text().length()));
  }

  @Test
  void ocrParagraphsBecomeBlocksUnderTheLabelsTitle() {
    StructuredText text =
        ImageDescription.describe(SCAN, "INVOICE No. 4711\nACME Corp.\n\nTotal due: 129.50 EUR");

    assertThat(text.title()).isEqualTo("An image.");
    assertThat(text.blocks())
        .extracting(b -> b.in(text.text()))
        .containsExactly("INVOICE No. 4711\nACME Corp.", "Total due: 129.50 EUR");
  }

  @Test
  void aScannedPageChunksLikeADocumentAndEveryChunkCarriesTheLabels() {
    String page =
        IntStream.range(0, 12)
            .mapToObj(
                p ->
                    "Section "
                        + p
                        + ". The storage service keeps nightly backups of every database for"
                        + " thirty-five days, and restores are tested each quarter by the"
                        + " operations team on a separate cluster.")
            .collect(Collectors.joining("\n\n"));
    StructuredText text = ImageDescription.describe(COFFEE, page);

    List<Chunk> chunks = new TokenChunker(embedder, 200, 32).chunk(text);

    assertThat(chunks).hasSizeGreaterThan(2);
    assertThat(chunks)
        .allSatisfy(
            c -> {
              assertThat(c.context()).isEqualTo("A photo of an espresso, or possibly a cup.");
              assertThat(c.text()).startsWith("Section ").doesNotContain("espresso");
            });
  }

  /**
   * "a cat" and "a cup of coffee" each rank the image with matching labels above the other image
   * and above a document about databases; what is written in a scan finds the scan.
   */
  @Test
  void textQueriesFindTheImageWithMatchingLabelsOrText() {
    List<String> candidates =
        List.of(
            embedded(ImageDescription.describe(CAT, "")),
            embedded(ImageDescription.describe(COFFEE, "")),
            embedded(ImageDescription.describe(SCAN, "INVOICE No. 4711\nACME Corp.")),
            DATABASE_DOCUMENT);
    List<String> queries = List.of("a cat", "a cup of coffee", "invoice 4711");
    List<float[]> q = embedder.embed(queries);
    List<float[]> c = embedder.embed(candidates);
    double[][] cos = new double[queries.size()][candidates.size()];
    for (int i = 0; i < queries.size(); i++) {
      for (int j = 0; j < candidates.size(); j++) {
        cos[i][j] = cosine(q.get(i), c.get(j));
      }
      System.out.printf(
          "%-16s cat image %.3f, coffee image %.3f, scan %.3f, database text %.3f%n",
          queries.get(i), cos[i][0], cos[i][1], cos[i][2], cos[i][3]);
    }

    for (int i = 0; i < queries.size(); i++) {
      for (int j = 0; j < candidates.size(); j++) {
        if (j != i) {
          assertThat(cos[i][i])
              .as("'%s' vs '%s' and '%s'", queries.get(i), candidates.get(i), candidates.get(j))
              .isGreaterThan(cos[i][j]);
        }
      }
    }
  }

  private static String embedded(StructuredText text) {
    List<Chunk> chunks = new TokenChunker(embedder, 200, 32).chunk(text);
    assertThat(chunks).hasSize(1);
    return chunks.get(0).embeddedText();
  }

  private static ImageEmbedding.Label label(String name, float probability) {
    return new ImageEmbedding.Label(name, probability);
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot; // both unit length
  }
}
