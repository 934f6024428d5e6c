package io.lakesync.gate;

import java.util.List;

/** Mean vector and norm statistics of a set of vectors, in double precision. */
record VectorStats(double[] mean, double normMean, double normStd, int count) {
  /**
   * The mean's direction is meaningful when its length is at least twice its standard error,
   * sqrt((E|v|² − |mean|²) / n), the noise a sample of n vectors puts on it.
   */
  boolean centroidDefined() {
    double length = meanLength();
    double spread = normStd * normStd + normMean * normMean - length * length;
    double noise = Math.sqrt(Math.max(0, spread) / Math.max(1, count));
    return count > 0 && length >= 2 * noise;
  }

  double meanLength() {
    double s = 0;
    for (double x : mean) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  static VectorStats of(List<float[]> vectors) {
    if (vectors.isEmpty()) {
      return new VectorStats(new double[0], 0, 0, 0);
    }
    double[] sum = new double[vectors.get(0).length];
    double normSum = 0;
    double normSquares = 0;
    for (float[] v : vectors) {
      double norm = norm(v);
      normSum += norm;
      normSquares += norm * norm;
      for (int d = 0; d < sum.length && d < v.length; d++) {
        sum[d] += v[d];
      }
    }
    int n = vectors.size();
    for (int d = 0; d < sum.length; d++) {
      sum[d] /= n;
    }
    double normMean = normSum / n;
    double variance = Math.max(0, normSquares / n - normMean * normMean);
    return new VectorStats(sum, normMean, Math.sqrt(variance), n);
  }

  static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }

  static double cosine(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  static double cosine(float[] a, float[] b) {
    double[] da = new double[a.length];
    double[] db = new double[b.length];
    for (int i = 0; i < a.length; i++) {
      da[i] = a[i];
    }
    for (int i = 0; i < b.length; i++) {
      db[i] = b[i];
    }
    return cosine(da, db);
  }
}
