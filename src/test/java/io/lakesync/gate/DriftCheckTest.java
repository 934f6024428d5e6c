package io.lakesync.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftCheckTest {
  private final Random random = new Random(5);

  @Test
  void samplesOfTheSameDistributionPass() {
    float[] center = unit(randomVector(32));
    CheckResult result =
        DriftCheck.run(0.15, 0.05, 100, 500, around(center, 500), around(center, 500));

    assertThat(result.verdict()).as(result.summary()).isEqualTo(CheckResult.Verdict.PASS);
  }

  @Test
  void aMovedCentroidFails() {
    CheckResult result =
        DriftCheck.run(
            0.15,
            0.05,
            100,
            500,
            around(unit(randomVector(32)), 500),
            around(unit(randomVector(32)), 500));

    assertThat(result.failed()).isTrue();
    assertThat(result.summary()).startsWith("centroid shift 0.");
  }

  @Test
  void brokenNormalisationFailsOnTheNorms() {
    float[] center = unit(randomVector(32));
    List<float[]> scaled = around(center, 500).stream().map(v -> scale(v, 1.5f)).toList();

    CheckResult result = DriftCheck.run(0.15, 0.05, 100, 500, around(center, 500), scaled);

    assertThat(result.failed()).isTrue();
    assertThat(result.summary()).contains("norm mean 1.0000 → 1.5000");
  }

  @Test
  void anIsotropicDistributionHasNoCentroidToJudge() {
    List<float[]> a = new ArrayList<>();
    List<float[]> b = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      a.add(unit(randomVector(32)));
      b.add(unit(randomVector(32)));
    }

    CheckResult result = DriftCheck.run(0.15, 0.05, 100, 2000, a, b);

    assertThat(result.verdict()).as(result.summary()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(result.summary()).startsWith("centroid not judged");
  }

  @Test
  void aSmallTargetIsNotJudged() {
    CheckResult result = DriftCheck.run(0.15, 0.05, 100, 12, List.of(), List.of(new float[] {1}));

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.SKIP);
    assertThat(result.summary()).contains("fewer than drift_min_rows 100");
  }

  @Test
  void eachModalityIsJudgedApartAndASwappedImageModelFailsOnTheImageVectors() {
    float[] text = unit(randomVector(32));
    float[] descriptions = unit(randomVector(32));
    float[] imageSpace = unit(randomVector(48));
    List<float[]> textBefore = around(text, 300);
    List<float[]> textAfter = around(text, 300);

    CheckResult steady =
        DriftCheck.run(
            0.15,
            0.05,
            100,
            List.of(
                new DriftCheck.Series("text", 300, textBefore, textAfter),
                new DriftCheck.Series(
                    "images", 150, around(descriptions, 150), around(descriptions, 150)),
                new DriftCheck.Series(
                    "image_vector", 150, around(imageSpace, 150), around(imageSpace, 150))));
    CheckResult swapped =
        DriftCheck.run(
            0.15,
            0.05,
            100,
            List.of(
                new DriftCheck.Series("text", 300, textBefore, textAfter),
                new DriftCheck.Series(
                    "images", 150, around(descriptions, 150), around(descriptions, 150)),
                new DriftCheck.Series(
                    "image_vector",
                    150,
                    around(imageSpace, 150),
                    around(unit(randomVector(48)), 150))));

    assertThat(steady.verdict()).as(steady.summary()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(steady.summary())
        .startsWith("text: centroid shift")
        .contains("; images: centroid shift")
        .contains("; image_vector: centroid shift");
    assertThat(swapped.failed()).isTrue();
    assertThat(swapped.details())
        .singleElement()
        .asString()
        .startsWith("image_vector drifted: centroid shift ")
        .contains("(max 0.1500)");
  }

  @Test
  void aFewImagesAreNotJudgedWhileTheTextIsAndNewImagesHaveNothingToDriftFrom() {
    float[] text = unit(randomVector(32));
    // Images with a different centroid each side: too few in the target to judge.
    CheckResult few =
        DriftCheck.run(
            0.15,
            0.05,
            100,
            List.of(
                new DriftCheck.Series("text", 300, around(text, 300), around(text, 300)),
                new DriftCheck.Series("images", 12, List.of(), around(unit(randomVector(32)), 12)),
                new DriftCheck.Series("image_vector", 0, List.of(), List.of())));
    CheckResult onlyImages =
        DriftCheck.run(
            0.15,
            0.05,
            100,
            List.of(
                new DriftCheck.Series("text", 30, List.of(), List.of()),
                new DriftCheck.Series("images", 0, List.of(), around(text, 5))));

    assertThat(few.verdict()).as(few.summary()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(few.summary())
        .contains("images: target has 12 rows, fewer than drift_min_rows 100")
        .contains("image_vector: none in the target yet");
    assertThat(onlyImages.verdict()).isEqualTo(CheckResult.Verdict.SKIP);
  }

  private List<float[]> around(float[] center, int n) {
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = center.clone();
      for (int d = 0; d < v.length; d++) {
        v[d] += (float) (random.nextGaussian() * 0.05);
      }
      out.add(unit(v));
    }
    return out;
  }

  private float[] randomVector(int dimension) {
    float[] v = new float[dimension];
    for (int d = 0; d < dimension; d++) {
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
