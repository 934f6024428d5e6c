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
 */
public record ImageColumns(
    float[] vector, String labels, String ocrText, String imageModel, String ocrEngine) {
  public ImageColumns {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(ocrText, "ocrText");
    Objects.requireNonNull(imageModel, "imageModel");
    Objects.requireNonNull(ocrEngine, "ocrEngine");
  }

  /** The row holds the image's analysis: its vector, labels and OCR text. */
  public boolean first() {
    return vector != null;
  }
}
