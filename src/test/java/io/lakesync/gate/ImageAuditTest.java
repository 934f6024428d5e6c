package io.lakesync.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.HashEmbedder;
import io.lakesync.sync.ImageColumns;
import io.lakesync.sync.RowKey;
import io.lakesync.testing.EditedRows;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The image columns' audit on synthetic rows; the re-embedding reads from a map, not lakeFS. */
class ImageAuditTest {
  private static final String MODEL = "efficientnet-lite0@1";
  private static final int DIMENSION = 16;
  private final Random random = new Random(3);

  /** What the "image model" gives for each path's original object. */
  private final Map<String, float[]> originals = new HashMap<>();

  private final ImageAudit.Reembedder reembedder =
      row -> {
        float[] v = originals.get(row.path());
        if (v == null) {
          throw new IOException("no such object");
        }
        return v;
      };

  @Test
  void soundImageRowsPassAndASampleIsReembedded() {
    List<EmbeddingRow> rows = new ArrayList<>();
    rows.add(document("docs/a.md"));
    rows.addAll(image("images/cat.png", 2));
    rows.addAll(image("images/cup.png", 1));

    ImageAudit.Result result = ImageAudit.run(expected(4), rows, reembedder);

    assertThat(result.problems()).isEmpty();
    assertThat(result.imageRows()).isEqualTo(3);
    assertThat(result.reembedded()).isEqualTo(2);
    assertThat(result.summary()).isEqualTo("3 image rows (0 defective), 2 images re-embedded");
  }

  @Test
  void anImageVectorThatIsNotTheImagesFailsTheReembeddingAndNamesThePath() {
    List<EmbeddingRow> rows = new ArrayList<>(image("images/cat.png", 1));
    rows.addAll(image("images/cup.png", 1));
    // The table says cup.png looks like this; the original object says otherwise.
    originals.put("images/cup.png", unit(randomVector()));

    ImageAudit.Result result = ImageAudit.run(expected(4), rows, reembedder);

    assertThat(result.problems())
        .singleElement()
        .asString()
        .startsWith("re-embedded image images/cup.png: cosine ")
        .endsWith("to the stored image vector");
  }

  @Test
  void anImageWhoseOriginalCannotBeReadIsUnproven() {
    List<EmbeddingRow> rows = image("images/cat.png", 1);
    originals.clear();

    ImageAudit.Result result = ImageAudit.run(expected(4), rows, reembedder);

    assertThat(result.problems())
        .containsExactly("image images/cat.png at c1 not re-embedded: no such object");
  }

  @Test
  void wrongDimensionsNormsAndPlacementsOfImageVectorsAreNamed() {
    EmbeddingRow cat = image("images/cat.png", 1).get(0);
    EmbeddingRow scaled = withImageVector(image("images/big.png", 1).get(0), scale(vector(), 2));
    EmbeddingRow shortVector = withImageVector(image("images/short.png", 1).get(0), new float[8]);
    EmbeddingRow missing = withImageVector(image("images/none.png", 1).get(0), null);
    List<EmbeddingRow> twoRows = image("images/scan.png", 2);
    EmbeddingRow misplaced = withImageVector(twoRows.get(1), vector());

    ImageAudit.Result result =
        ImageAudit.run(
            expected(0),
            List.of(cat, scaled, shortVector, missing, twoRows.get(0), misplaced),
            reembedder);

    assertThat(result.defective()).isEqualTo(4);
    assertThat(result.problems())
        .containsExactly(
            "image vector non-unit vector (norm 2.0000): images/big.png",
            "image vector 8-dim vector: images/short.png",
            "no image vector: images/none.png chunk 0",
            "image vector on images/scan.png chunk 1 (only chunk 0 has one)");
  }

  @Test
  void rowsStampedByAnotherImageModelFail() {
    List<EmbeddingRow> rows = new ArrayList<>(image("images/cat.png", 1));
    EmbeddingRow cup = image("images/cup.png", 1).get(0);
    ImageColumns other =
        new ImageColumns(
            cup.image().vector(), cup.image().labels(), "", "resnet50@2", cup.image().ocrEngine());
    rows.add(EditedRows.withImage(cup, other));

    ImageAudit.Result result = ImageAudit.run(expected(4), rows, reembedder);

    assertThat(result.problems())
        .containsExactly(
            "image rows made by resnet50@2, configured " + MODEL + ": 1 rows, e.g. images/cup.png");
    // Only rows of the configured model are re-embedded: the other's vectors mean nothing to it.
    assertThat(result.reembedded()).isEqualTo(1);
  }

  @Test
  void theAccuracyCheckFailsOnImageProblemsAndReportsTheImages() {
    HashEmbedder embedder = new HashEmbedder();
    List<EmbeddingRow> rows = new ArrayList<>(image("images/cat.png", 1));
    rows.add(withImageVector(image("images/cup.png", 1).get(0), scale(vector(), 3)));
    List<EmbeddingRow> embedded =
        rows.stream()
            .map(r -> EditedRows.withVector(r, embedder.embed(List.of(r.embeddedText())).get(0)))
            .map(r -> EditedRows.withModel(r, embedder.model().stamp()))
            .toList();
    List<RowKey> keys =
        embedded.stream()
            .map(r -> new RowKey(r.id(), r.path(), r.objectChecksum(), r.model(), r.textSha256()))
            .toList();
    AccuracyCheck.Expected text =
        new AccuracyCheck.Expected(
            embedder.model().stamp(), embedder.model().dimension(), 16, 0.999, 1);

    CheckResult withImages =
        AccuracyCheck.run(
            text,
            embedder.model().stamp(),
            Optional.of(embedder.model().dimension()),
            keys,
            embedded,
            embedder,
            Optional.empty(),
            ImageAudit.run(expected(4), embedded, reembedder));
    CheckResult withoutImageModel =
        AccuracyCheck.run(
            text,
            embedder.model().stamp(),
            Optional.of(embedder.model().dimension()),
            keys,
            embedded,
            embedder,
            Optional.empty());

    assertThat(withImages.failed()).isTrue();
    assertThat(withImages.details())
        .containsExactly("image vector non-unit vector (norm 3.0000): images/cup.png");
    assertThat(withImages.summary())
        .contains("2 chunks re-embedded, 2 image rows (1 defective), 1 images re-embedded");
    assertThat(withoutImageModel.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(withoutImageModel.summary())
        .contains("2 image rows' image vectors not checked (no image model)");
  }

  // --- rows ------------------------------------------------------------------------------------

  private ImageAudit.Expected expected(int samples) {
    return new ImageAudit.Expected(MODEL, DIMENSION, samples, 0.999, 7);
  }

  /** An image's rows: chunk 0 with the analysis, the rest with stamps only. */
  private List<EmbeddingRow> image(String path, int chunks) {
    float[] imageVector = vector();
    originals.put(path, imageVector.clone());
    List<EmbeddingRow> rows = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      ImageColumns columns =
          c == 0
              ? new ImageColumns(
                  imageVector, "[{\"label\":\"tabby\",\"p\":0.5}]", "ocr", MODEL, "none")
              : new ImageColumns(null, "", "", MODEL, "none");
      rows.add(row(path, c, "A tabby cat. part " + c, columns));
    }
    return rows;
  }

  private EmbeddingRow document(String path) {
    return row(path, 0, "plain words", null);
  }

  private static EmbeddingRow row(String path, int chunk, String text, ImageColumns image) {
    return new EmbeddingRow(
        EmbeddingRow.idOf(path, chunk),
        path,
        chunk,
        0,
        text.length(),
        text,
        "",
        "h",
        "c",
        "c1",
        "text@1",
        new float[] {1},
        image);
  }

  private static EmbeddingRow withImageVector(EmbeddingRow r, float[] vector) {
    ImageColumns i = r.image();
    return EditedRows.withImage(
        r, new ImageColumns(vector, i.labels(), i.ocrText(), i.imageModel(), i.ocrEngine()));
  }

  private float[] vector() {
    return unit(randomVector());
  }

  private float[] randomVector() {
    float[] v = new float[DIMENSION];
    for (int d = 0; d < DIMENSION; d++) {
      v[d] = (float) random.nextGaussian();
    }
    return v;
  }

  private static float[] unit(float[] v) {
    return scale(v, (float) (1 / VectorStats.norm(v)));
  }

  private static float[] scale(float[] v, float factor) {
    float[] out = new float[v.length];
    for (int d = 0; d < v.length; d++) {
      out[d] = v[d] * factor;
    }
    return out;
  }
}
