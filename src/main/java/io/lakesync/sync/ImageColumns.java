package io.lakesync.sync;

import java.util.Objects;

/**
 * The image columns of an image's rows. The image's own analysis (its vector, labels and OCR text)
 * is stored once, on the image's first row (chunk 0); its other rows, which hold the rest of a long
 * OCR text, carry only the lineage stamps, so an image-to-image query finds each image once.
 *
 * @param vector the image model's L2-normalised vector, or null on rows after the first
 * @param labels the image model's top labels as JSON ({@code [{"label":…,"p":…}]}); empty after the
 *     first row
 * @param ocrText the text OCR read in the image; empty after the first row or when there was none
 * @param imageModel stamp ({@code id@version}) of the image model
 * @param ocrEngine stamp of the OCR engine ({@code tesseract-5.3.0+eng}), or {@code none}
 * @param width the image's width in pixels as its header declares it (after EXIF orientation), on
 *     the first row; 0 after it or when unknown
 * @param height the image's height, likewise
 */
public record ImageColumns(
    float[] vector,
    String labels,
    String ocrText,
    String imageModel,
    String ocrEngine,
    int width,
    int height) {
  public ImageColumns {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(ocrText, "ocrText");
    Objects.requireNonNull(imageModel, "imageModel");
    Objects.requireNonNull(ocrEngine, "ocrEngine");
  }

  /** Without the image's size: the rows after the first, and tests. */
  public ImageColumns(
      float[] vector, String labels, String ocrText, String imageModel, String ocrEngine) {
    this(vector, labels, ocrText, imageModel, ocrEngine, 0, 0);
  }

  /** The row holds the image's analysis: its vector, labels and OCR text. */
  public boolean first() {
    return vector != null;
  }
}
