package io.lakesync.embed;

import java.awt.image.BufferedImage;

/**
 * The model's input from a decoded image, in plain Java: alpha composited on white, the shorter
 * side resized to {@link ImageModel#RESIZE_SHORTER_SIDE} with a bicubic filter, the centre {@link
 * ImageModel#INPUT_SIZE}² cropped, RGB in [0, 1], channels first.
 *
 * <p>The resize follows Pillow's {@code Image.resize(..., BICUBIC)} (the usual Python recipe): a
 * separable bicubic kernel (a = −0.5) whose support widens with the downscale factor, so large
 * photos are low-pass filtered rather than aliased (which {@code Graphics2D}'s bicubic hint does
 * not do), and, like Pillow on 8-bit images, each pass rounds and clamps to 0..255. Only the pixels
 * of the crop are computed.
 */
final class ImagePreprocessing {
  private static final double A = -0.5;
  private static final double SUPPORT = 2.0;

  private ImagePreprocessing() {}

  /** Writes {@code 3 * size * size} floats into {@code out} at {@code offset}. */
  static void tensor(BufferedImage image, float[] out, int offset) {
    int size = ImageModel.INPUT_SIZE;
    int width = image.getWidth();
    int height = image.getHeight();
    int shorter = ImageModel.RESIZE_SHORTER_SIDE;
    int resizedWidth;
    int resizedHeight;
    if (width <= height) {
      resizedWidth = shorter;
      resizedHeight = Math.max(shorter, (int) Math.round((double) height * shorter / width));
    } else {
      resizedHeight = shorter;
      resizedWidth = Math.max(shorter, (int) Math.round((double) width * shorter / height));
    }
    int left = (resizedWidth - size) / 2;
    int top = (resizedHeight - size) / 2;
    Filter columns = new Filter(width, resizedWidth, left, size);
    Filter rows = new Filter(height, resizedHeight, top, size);

    // Horizontal pass over the input rows the vertical pass reads: [rows.first, rows.last).
    int firstRow = rows.first();
    int rowCount = rows.last() - firstRow;
    float[] horizontal = new float[3 * rowCount * size];
    int[] line = new int[width];
    float[] rgb = new float[3 * width];
    // The decoder hands over opaque int RGB: its pixels are read as they are stored, without
    // getRGB's per-pixel colour-model call (the slowest part of this method before).
    boolean packedRgb = image.getType() == BufferedImage.TYPE_INT_RGB;
    for (int y = 0; y < rowCount; y++) {
      if (packedRgb) {
        image.getRaster().getDataElements(0, firstRow + y, width, 1, line);
        for (int x = 0; x < width; x++) {
          int pixel = line[x];
          rgb[3 * x] = (pixel >> 16) & 0xff;
          rgb[3 * x + 1] = (pixel >> 8) & 0xff;
          rgb[3 * x + 2] = pixel & 0xff;
        }
      } else {
        image.getRGB(0, firstRow + y, width, 1, line, 0, width);
        for (int x = 0; x < width; x++) {
          int argb = line[x];
          float alpha = (argb >>> 24) / 255f;
          float white = 255f * (1f - alpha);
          rgb[3 * x] = ((argb >> 16) & 0xff) * alpha + white;
          rgb[3 * x + 1] = ((argb >> 8) & 0xff) * alpha + white;
          rgb[3 * x + 2] = (argb & 0xff) * alpha + white;
        }
      }
      for (int x = 0; x < size; x++) {
        int start = columns.start[x];
        double[] weights = columns.weights[x];
        double r = 0;
        double g = 0;
        double b = 0;
        for (int k = 0; k < weights.length; k++) {
          int p = 3 * (start + k);
          r += weights[k] * rgb[p];
          g += weights[k] * rgb[p + 1];
          b += weights[k] * rgb[p + 2];
        }
        int at = y * size + x;
        horizontal[at] = clampRound(r);
        horizontal[rowCount * size + at] = clampRound(g);
        horizontal[2 * rowCount * size + at] = clampRound(b);
      }
    }
    for (int c = 0; c < 3; c++) {
      int plane = c * rowCount * size;
      for (int y = 0; y < size; y++) {
        int start = rows.start[y] - firstRow;
        double[] weights = rows.weights[y];
        for (int x = 0; x < size; x++) {
          double v = 0;
          for (int k = 0; k < weights.length; k++) {
            v += weights[k] * horizontal[plane + (start + k) * size + x];
          }
          out[offset + (c * size + y) * size + x] = clampRound(v) / 255f;
        }
      }
    }
  }

  private static float clampRound(double v) {
    return (float) Math.min(255, Math.max(0, Math.round(v)));
  }

  /** Pillow's bicubic filter weights for outputs {@code from .. from + count} of one axis. */
  private static final class Filter {
    final int[] start;
    final double[][] weights;

    Filter(int inSize, int outSize, int from, int count) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = SUPPORT * filterScale;
      start = new int[count];
      weights = new double[count][];
      for (int i = 0; i < count; i++) {
        double center = (from + i + 0.5) * scale;
        int min = Math.max((int) (center - support + 0.5), 0);
        int max = Math.min((int) (center + support + 0.5), inSize);
        double[] w = new double[max - min];
        double sum = 0;
        for (int j = 0; j < w.length; j++) {
          w[j] = cubic((j + min - center + 0.5) / filterScale);
          sum += w[j];
        }
        for (int j = 0; j < w.length; j++) {
          w[j] = sum == 0 ? 0 : w[j] / sum;
        }
        start[i] = min;
        weights[i] = w;
      }
    }

    int first() {
      return start[0];
    }

    int last() {
      int last = 0;
      for (int i = 0; i < start.length; i++) {
        last = Math.max(last, start[i] + weights[i].length);
      }
      return last;
    }

    private static double cubic(double x) {
      x = Math.abs(x);
      if (x < 1) {
        return ((A + 2) * x - (A + 3)) * x * x + 1;
      }
      if (x < 2) {
        return (((x - 5) * x + 8) * x - 4) * A;
      }
      return 0;
    }
  }
}
