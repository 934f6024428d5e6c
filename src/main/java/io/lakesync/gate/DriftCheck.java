package io.lakesync.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Has the table's vector distribution moved too far from what is served now? Compares the target
 * branch's table with the candidate on samples of the same size: the cosine distance between their
 * mean vectors (the centroid shift), and the mean and standard deviation of the vector norms. A new
 * corpus, a swapped model or a broken normalisation moves these; everyday edits barely do.
 *
 * <p>A table with images holds populations that do not mix: documents' chunks, images' descriptions
 * (text vectors too, but of labels and OCR) and images' own vectors from another model. Each is a
 * {@link Series} judged on its own, with its own {@code drift_min_rows}: a handful of images added
 * to a large corpus neither hide nor fake a drift of either.
 */
final class DriftCheck {
  static final String NAME = "drift";

  /**
   * One population compared across the two tables.
   *
   * @param name how the report names it ("text", "images", "image_vector")
   * @param baselineRows how many the target's table holds (judged only from drift_min_rows on)
   */
  record Series(String name, long baselineRows, List<float[]> baseline, List<float[]> candidate) {}

  private DriftCheck() {}

  /** A table of one population: the check as it was before images. */
  static CheckResult run(
      double maxCentroidShift,
      double maxNormShift,
      int minBaselineRows,
      long baselineRows,
      List<float[]> baseline,
      List<float[]> candidate) {
    return judge(
        maxCentroidShift, maxNormShift, minBaselineRows, baselineRows, baseline, candidate);
  }

  /** Each series judged apart; the check fails when one fails and is skipped when all are. */
  static CheckResult run(
      double maxCentroidShift, double maxNormShift, int minBaselineRows, List<Series> series) {
    List<String> summaries = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    boolean judged = false;
    for (Series s : series) {
      if (s.baselineRows() == 0) {
        summaries.add(s.name() + ": none in the target yet, nothing to drift from");
        continue;
      }
      CheckResult result =
          judge(
              maxCentroidShift,
              maxNormShift,
              minBaselineRows,
              s.baselineRows(),
              s.baseline(),
              s.candidate());
      summaries.add(s.name() + ": " + result.summary());
      judged |= result.verdict() != CheckResult.Verdict.SKIP;
      if (result.failed()) {
        failed.add(s.name() + " drifted: " + result.summary());
      }
    }
    String summary = String.join("; ", summaries);
    return judged
        ? CheckResult.of(NAME, failed.isEmpty(), summary, failed)
        : CheckResult.skip(NAME, summary);
  }

  private static CheckResult judge(
      double maxCentroidShift,
      double maxNormShift,
      int minBaselineRows,
      long baselineRows,
      List<float[]> baseline,
      List<float[]> candidate) {
    if (baselineRows == 0) {
      return CheckResult.skip(NAME, "the target has no table yet: nothing to drift from");
    }
    if (baselineRows < minBaselineRows) {
      return CheckResult.skip(
          NAME,
          "target has "
              + baselineRows
              + " rows, fewer than drift_min_rows "
              + minBaselineRows
              + ": nothing to drift from");
    }
    if (candidate.isEmpty()) {
      return CheckResult.of(NAME, false, "the candidate table has no rows", List.of());
    }
    VectorStats before = VectorStats.of(baseline);
    VectorStats after = VectorStats.of(candidate);
    double meanShift = Math.abs(after.normMean() - before.normMean());
    double stdShift = Math.abs(after.normStd() - before.normStd());
    boolean centroidDefined = before.centroidDefined() && after.centroidDefined();
    double shift = centroidDefined ? 1 - VectorStats.cosine(before.mean(), after.mean()) : 0;
    boolean passed =
        shift <= maxCentroidShift && meanShift <= maxNormShift && stdShift <= maxNormShift;
    String centroid =
        centroidDefined
            ? String.format(Locale.ROOT, "centroid shift %.4f (max %.4f)", shift, maxCentroidShift)
            : String.format(
                Locale.ROOT,
                "centroid not judged: mean vector length %.3f / %.3f is within sampling noise",
                before.meanLength(),
                after.meanLength());
    String summary =
        String.format(
            Locale.ROOT,
            "%s, norm mean %.4f → %.4f, norm std %.4f → %.4f (max"
                + " change %.4f); %d vs %d sampled vectors",
            centroid,
            before.normMean(),
            after.normMean(),
            before.normStd(),
            after.normStd(),
            maxNormShift,
            baseline.size(),
            candidate.size());
    return CheckResult.of(NAME, passed, summary, List.of());
  }
}
