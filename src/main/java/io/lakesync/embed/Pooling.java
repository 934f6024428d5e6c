package io.lakesync.embed;

import io.lakesync.config.PoolingMode;
import java.util.ArrayList;
import java.util.List;

/** Token states to one unit vector per input: mean or [CLS] pooling, then L2 normalisation. */
final class Pooling {
  private Pooling() {}

  static List<float[]> pooledNormalized(
      PoolingMode mode, float[] hidden, long[] mask, int rows, int width, int dimension) {
    return switch (mode) {
      case MEAN -> meanPoolNormalized(hidden, mask, rows, width, dimension);
      case CLS -> clsNormalized(hidden, rows, width, dimension);
    };
  }

  /** The first token's state of each row ([CLS], which BERT tokenizers always put first). */
  static List<float[]> clsNormalized(float[] hidden, int rows, int width, int dimension) {
    checkShape(hidden, rows, width, dimension);
    List<float[]> vectors = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      double[] first = new double[dimension];
      int base = r * width * dimension;
      for (int d = 0; d < dimension; d++) {
        first[d] = hidden[base + d];
      }
      vectors.add(normalize(first, 1));
    }
    return vectors;
  }

  /**
   * @param hidden token states laid out {@code [rows][width][dimension]}
   * @param mask attention mask laid out {@code [rows][width]}; 1 for real tokens, 0 for padding
   */
  static List<float[]> meanPoolNormalized(
      float[] hidden, long[] mask, int rows, int width, int dimension) {
    checkShape(hidden, rows, width, dimension);
    List<float[]> vectors = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      double[] sum = new double[dimension];
      int tokens = 0;
      for (int t = 0; t < width; t++) {
        if (mask[r * width + t] == 0) {
          continue;
        }
        tokens++;
        int base = (r * width + t) * dimension;
        for (int d = 0; d < dimension; d++) {
          sum[d] += hidden[base + d];
        }
      }
      vectors.add(normalize(sum, Math.max(tokens, 1)));
    }
    return vectors;
  }

  private static void checkShape(float[] hidden, int rows, int width, int dimension) {
    if (hidden.length != rows * width * dimension) {
      throw new IllegalStateException(
          "model output has "
              + hidden.length
              + " values, expected "
              + rows
              + "×"
              + width
              + "×"
              + dimension
              + ": is this a token-level sentence encoder with that dimension?");
    }
  }

  private static float[] normalize(double[] sum, int tokens) {
    double squares = 0;
    for (int d = 0; d < sum.length; d++) {
      sum[d] /= tokens;
      squares += sum[d] * sum[d];
    }
    double norm = Math.max(Math.sqrt(squares), 1e-12);
    float[] vector = new float[sum.length];
    for (int d = 0; d < sum.length; d++) {
      vector[d] = (float) (sum[d] / norm);
    }
    return vector;
  }
}
