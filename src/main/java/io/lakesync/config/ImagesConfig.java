package io.lakesync.config;

/**
 * How a table treats images ({@code tables[i].images}): decoded within bounds, embedded with the
 * bundled image model, and described in text (labels and OCR) so text queries find them.
 *
 * @param enabled index images (jpg, png, gif, bmp, webp, tiff); off, they are skipped as {@code
 *     UNSUPPORTED_TYPE} as before
 * @param maxPixels images whose header declares more pixels are skipped without decoding
 *     (decompression bombs)
 * @param ocr read the text in images with Tesseract: auto, on or off
 * @param ocrLanguages Tesseract's {@code -l} argument, e.g. {@code eng} or {@code eng+deu}
 * @param ocrTimeoutSeconds one image's OCR is given up after this long (the image keeps its vector
 *     and labels)
 * @param dualEncoder a CLIP-style model to use instead of the bundled one; null for the bundled
 */
public record ImagesConfig(
    Boolean enabled,
    Long maxPixels,
    OcrMode ocr,
    String ocrLanguages,
    Integer ocrTimeoutSeconds,
    DualEncoderConfig dualEncoder) {

  public static final ImagesConfig DEFAULTS = new ImagesConfig(null, null, null, null, null, null);

  public ImagesConfig {
    enabled = enabled == null || enabled;
    maxPixels = maxPixels == null ? 100_000_000L : maxPixels;
    ocr = ocr == null ? OcrMode.AUTO : ocr;
    ocrLanguages = ocrLanguages == null ? "eng" : ocrLanguages;
    ocrTimeoutSeconds = ocrTimeoutSeconds == null ? 30 : ocrTimeoutSeconds;
  }

  /** Every check, keys relative to the table ({@code images.max_pixels}, …). */
  public ImagesConfig validate() {
    if (maxPixels < 1) {
      throw new ConfigException("images.max_pixels", "must be positive");
    }
    if (!ocrLanguages.matches("[a-z_]{3,}(\\+[a-z_]{3,})*")) {
      throw new ConfigException(
          "images.ocr_languages", "must be Tesseract language codes like eng or eng+deu");
    }
    if (ocrTimeoutSeconds < 1) {
      throw new ConfigException("images.ocr_timeout_seconds", "must be at least 1");
    }
    if (dualEncoder != null) {
      dualEncoder.validate();
    }
    return this;
  }

  /** Everything here that shapes the rows, for the table's settings fingerprint. */
  public String fingerprint() {
    return enabled ? "on max_pixels=" + maxPixels + " ocr=" + ocr.yamlName() : "off";
  }
}
