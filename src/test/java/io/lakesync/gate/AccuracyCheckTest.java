package io.lakesync.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.HashEmbedder;
import io.lakesync.sync.RowKey;
import io.lakesync.testing.EditedRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccuracyCheckTest {
  private final HashEmbedder embedder = new HashEmbedder();
  private final String stamp = embedder.model().stamp();
  private final int dimension = embedder.model().dimension();

  @Test
  void vectorsThatMatchTheirTextsAndOneModelPass() {
    List<EmbeddingRow> rows = rows("alpha", "beta", "gamma");

    CheckResult result = run(stamp, rows);

    assertThat(result.verdict())
        .as(result.details().toString())
        .isEqualTo(CheckResult.Verdict.PASS);
    assertThat(result.summary()).contains("3 chunks re-embedded");
  }

  @Test
  void aVectorThatIsNotItsTextsEmbeddingFailsTheReembedding() {
    List<EmbeddingRow> rows = new ArrayList<>(rows("alpha", "beta"));
    EmbeddingRow beta = rows.get(1);
    rows.set(1, EditedRows.withVector(beta, embedder.embed(List.of("something else")).get(0)));

    CheckResult result = run(stamp, rows);

    assertThat(result.failed()).isTrue();
    assertThat(result.details())
        .singleElement()
        .asString()
        .startsWith("re-embedded docs/beta chunk 0");
  }

  @Test
  void aTableWhoseMetadataNamesAnotherModelFails() {
    CheckResult result = run("all-MiniLM-L6-v2@old", rows("alpha"));

    assertThat(result.details())
        .contains("table metadata names model all-MiniLM-L6-v2@old, configured " + stamp);
  }

  @Test
  void defectiveVectorsAreNamed() {
    float[] unit = new float[4];
    unit[0] = 1;
    assertThat(AccuracyCheck.vectorDefect(unit, 4)).isNull();
    assertThat(AccuracyCheck.vectorDefect(new float[4], 4)).isEqualTo("zero vector");
    assertThat(AccuracyCheck.vectorDefect(new float[] {2, 0, 0, 0}, 4))
        .isEqualTo("non-unit vector (norm 2.0000)");
    assertThat(AccuracyCheck.vectorDefect(new float[] {Float.NaN, 0, 0, 0}, 4))
        .isEqualTo("NaN or infinite vector");
    assertThat(AccuracyCheck.vectorDefect(unit, 8)).isEqualTo("4-dim vector");
  }

  private CheckResult run(String stateModel, List<EmbeddingRow> rows) {
    List<RowKey> keys =
        rows.stream()
            .map(r -> new RowKey(r.id(), r.path(), r.objectChecksum(), r.model(), r.textSha256()))
            .toList();
    return AccuracyCheck.run(
        new AccuracyCheck.Expected(stamp, dimension, 16, 0.999, 1),
        stateModel,
        Optional.of(dimension),
        keys,
        rows,
        embedder,
        Optional.empty());
  }

  private List<EmbeddingRow> rows(String... texts) {
    List<float[]> vectors = embedder.embed(List.of(texts));
    List<EmbeddingRow> rows = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      String path = "docs/" + texts[i];
      rows.add(
          new EmbeddingRow(
              path + "#0",
              path,
              0,
              0,
              texts[i].length(),
              texts[i],
              "",
              "h" + i,
              "c",
              "c1",
              stamp,
              vectors.get(i)));
    }
    return rows;
  }
}
