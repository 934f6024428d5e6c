package io.lakesync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.ImageModel;
import io.lakesync.extract.SkipReason;
import io.lakesync.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images through the sync engine with the real image model (bundled on the classpath) and the real
 * Tesseract: their rows, their reuse by content checksum, and their skips.
 */
class SyncEngineImagesTest {
  @TempDir static Path modelCache;
  private static ImageIndexing images;

  private final InMemoryObjectSource source = new InMemoryObjectSource();
  private final InMemoryVectorStore store = new InMemoryVectorStore();
  private final HashEmbedder embedder = new HashEmbedder();

  @BeforeAll
  static void loadModels() {
    images = ImageIndexing.bundled(modelCache);
  }

  @AfterAll
  static void closeModels() {
    images.close();
  }

  @Test
  void anImageGetsAnImageVectorLabelsOcrTextAndARowFoundByText() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("images/field.png", TestImages.png(TestImages.colourField(1, 320, 240)));
    files.put(
        "images/invoice.png",
        TestImages.png(TestImages.text(900, 300, "INVOICE No. 4711", "Total due 120 EUR")));
    files.put("docs/readme.md", bytes("# Readme\n\nPlain words about the data."));
    int callsBefore = images.modelCalls();

    SyncResult result = engine(table("")).sync(source.commit(files));

    assertThat(result.imageModelCalls()).isEqualTo(2);
    assertThat(images.modelCalls() - callsBefore).isEqualTo(2);
    assertThat(result.summary()).contains("2 images (2 analysed, 0 reused)");
    EmbeddingRow invoice = store.rows().get("images/invoice.png#0");
    assertThat(invoice.modality()).isEqualTo(EmbeddingRow.IMAGE);
    assertThat(invoice.image().vector()).hasSize(ImageModel.DIMENSION);
    assertThat(norm(invoice.image().vector()))
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(invoice.image().ocrText()).contains("INVOICE").contains("4711");
    assertThat(invoice.image().width()).isEqualTo(900);
    assertThat(invoice.image().height()).isEqualTo(300);
    assertThat(invoice.image().imageModel()).isEqualTo(ImageModel.stamp());
    assertThat(invoice.image().ocrEngine()).startsWith("tesseract-");
    assertThat(ImageLabels.fromJson(invoice.image().labels())).hasSize(ImageIndexing.TOP_LABELS);
    // The row text is what the image says; the labels sentence is its context (the title).
    assertThat(invoice.text()).contains("INVOICE");
    assertThat(invoice.context()).isNotBlank().doesNotContain("invoice.png");
    assertThat(invoice.vector()).isEqualTo(embedder.embed(List.of(invoice.embeddedText())).get(0));

    EmbeddingRow field = store.rows().get("images/field.png#0");
    assertThat(field.image().ocrText()).isEmpty();
    assertThat(field.text()).startsWith("A");
    assertThat(store.rows().get("docs/readme.md#0").image()).isNull();
    assertThat(store.rows().get("docs/readme.md#0").modality()).isEqualTo(EmbeddingRow.TEXT);
  }

  @Test
  void renamedCopiedAndRevertedImagesCostNoModelCallAndAreNotEvenRead() throws Exception {
    byte[] field = TestImages.png(TestImages.colourField(2, 320, 240));
    byte[] invoice = TestImages.png(TestImages.text(900, 300, "INVOICE No. 4711"));
    Map<String, byte[]> files = new TreeMap<>(Map.of("a/field.png", field, "a/inv.png", invoice));
    engine(table("")).sync(source.commit(files));
    Map<String, EmbeddingRow> before = new TreeMap<>(store.rows());
    int imageCalls = images.modelCalls();
    int textCalls = embedder.calls();
    int reads = source.reads();

    Map<String, byte[]> moved =
        new TreeMap<>(Map.of("b/renamed.png", field, "a/inv.png", invoice, "c/copy.png", invoice));
    SyncResult result = engine(table("")).sync(source.commit(moved));

    assertThat(result.imageModelCalls()).isZero();
    assertThat(result.imagesReused()).isEqualTo(2);
    assertThat(result.modelCalls()).isZero();
    assertThat(images.modelCalls()).isEqualTo(imageCalls);
    assertThat(embedder.calls()).isEqualTo(textCalls);
    assertThat(source.reads()).isEqualTo(reads);
    assertThat(store.paths()).containsExactlyInAnyOrder("b/renamed.png", "a/inv.png", "c/copy.png");
    EmbeddingRow renamed = store.rows().get("b/renamed.png#0");
    EmbeddingRow original = before.get("a/field.png#0");
    assertThat(renamed.text()).isEqualTo(original.text());
    assertThat(renamed.context()).isEqualTo(original.context());
    assertThat(renamed.image().vector()).isEqualTo(original.image().vector());
    assertThat(renamed.image().labels()).isEqualTo(original.image().labels());

    // Reverting brings the first commit's table back, still without a model call.
    engine(table("")).sync(source.commit(files));
    assertThat(images.modelCalls()).isEqualTo(imageCalls);
    assertThat(comparable(store.rows())).isEqualTo(comparable(before));
  }

  @Test
  void aChangedImageIsAnalysedAgainAndADeletedOneLosesItsRows() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("img/one.png", TestImages.png(TestImages.colourField(3, 320, 240)));
    files.put("img/two.png", TestImages.png(TestImages.colourField(4, 320, 240)));
    engine(table("")).sync(source.commit(files));
    float[] oldVector = store.rows().get("img/one.png#0").image().vector();

    files.put("img/one.png", TestImages.png(TestImages.colourField(5, 320, 240)));
    files.remove("img/two.png");
    SyncResult result = engine(table("")).sync(source.commit(files));

    assertThat(result.imageModelCalls()).isEqualTo(1);
    assertThat(result.deleted()).isEqualTo(1);
    assertThat(store.paths()).containsExactly("img/one.png");
    assertThat(store.rows().get("img/one.png#0").image().vector()).isNotEqualTo(oldVector);
  }

  @Test
  void withImagesOffTheyAreSkippedAsBefore() throws Exception {
    Map<String, byte[]> files =
        Map.of("img/one.png", TestImages.png(TestImages.colourField(6, 64, 64)));
    SyncResult result = engine(table("images: {enabled: false}")).sync(source.commit(files));

    assertThat(result.skipped()).containsEntry(SkipReason.UNSUPPORTED_TYPE, 1);
    assertThat(result.imageModelCalls()).isZero();
  }

  @Test
  void badImagesAreSkippedWithTheirReasonAndTheRestIsSynced() throws Exception {
    byte[] good = TestImages.png(TestImages.colourField(7, 200, 200));
    Map<String, byte[]> files = new TreeMap<>();
    files.put("img/good.png", good);
    files.put("img/truncated.png", Arrays.copyOf(good, good.length / 3));
    files.put("img/empty.jpg", new byte[0]);
    files.put("img/text.png", bytes("not a picture at all"));
    files.put("img/drawing.svg", bytes("<svg xmlns='http://www.w3.org/2000/svg'/>"));
    SyncResult result = engine(table("")).sync(source.commit(files));

    assertThat(store.paths()).contains("img/good.png");
    assertThat(store.rows()).containsKey("img/good.png#0");
    assertThat(result.skippedTotal()).isEqualTo(4);
    assertThat(store.skips())
        .containsOnlyKeys("img/truncated.png", "img/empty.jpg", "img/text.png", "img/drawing.svg");
    assertThat(store.skips().get("img/empty.jpg").reason()).isEqualTo("EMPTY");
    assertThat(store.skips().get("img/drawing.svg").reason()).isEqualTo("UNSUPPORTED_TYPE");
    store.skips().values().forEach(s -> assertThat(s.detail()).isNotBlank());
  }

  @Test
  void redactMasksPiiInOcrTextBeforeItIsStoredOrEmbedded() throws Exception {
    Map<String, byte[]> files =
        Map.of(
            "img/card.png",
            TestImages.png(TestImages.text(1400, 300, "Contact", "jane.doe@example.com")));
    engine(table("quality: {pii: redact}")).sync(source.commit(files));

    EmbeddingRow card = store.rows().get("img/card.png#0");
    assertThat(card.image().ocrText()).contains("Contact").doesNotContain("jane.doe@example.com");
    assertThat(card.embeddedText()).doesNotContain("jane.doe@example.com");
    assertThat(card.image().ocrEngine()).endsWith("+pii-redacted");
  }

  @Test
  void theImageSettingsAndStampsArePartOfTheFingerprint() {
    String on = SyncEngine.fingerprint(table(""), "m@1", images);
    assertThat(SyncEngine.fingerprint(table("images: {enabled: false}"), "m@1", images))
        .isNotEqualTo(on);
    assertThat(SyncEngine.fingerprint(table("images: {ocr: off}"), "m@1", images)).isNotEqualTo(on);
    assertThat(SyncEngine.fingerprint(table("images: {max_pixels: 1000}"), "m@1", images))
        .isNotEqualTo(on);
    // An engine without image models skips images whatever the settings say.
    assertThat(SyncEngine.fingerprint(table(""), "m@1", null))
        .isEqualTo(SyncEngine.fingerprint(table("images: {enabled: false}"), "m@1", images));
  }

  private SyncEngine engine(TableConfig table) {
    return new SyncEngine(table, source, store, embedder, images, "test");
  }

  private static TableConfig table(String extra) {
    return LakesyncConfig.parse(
            "tables: [{name: media, repository: repo, branch: main"
                + (extra.isEmpty() ? "" : ", " + extra)
                + "}]")
        .tables()
        .get(0);
  }

  private static Map<String, String> comparable(Map<String, EmbeddingRow> rows) {
    Map<String, String> out = new TreeMap<>();
    rows.forEach(
        (id, r) ->
            out.put(
                id,
                String.join(
                    "|",
                    r.text(),
                    r.context(),
                    r.textSha256(),
                    r.objectChecksum(),
                    Arrays.toString(r.vector()),
                    r.image() == null ? "-" : Arrays.toString(r.image().vector()),
                    r.image() == null ? "-" : r.image().labels() + r.image().ocrText())));
    return out;
  }

  private static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
