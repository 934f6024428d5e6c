package io.lakesync.extract;

import java.awt.image.BufferedImage;
import java.time.Duration;

/** Reads the text in an image. Implementations never throw for a bad image: they read nothing. */
public interface Ocr {
  /** No OCR: every image reads as no text. */
  Ocr NONE =
      new Ocr() {
        @Override
        public String stamp() {
          return "none";
        }

        @Override
        public OcrResult read(BufferedImage image) {
          return new OcrResult.Read("", Duration.ZERO);
        }
      };

  /** What reads the text, stamped on the rows for lineage ({@code tesseract-5.3.0+eng}). */
  String stamp();

  /** The text in {@code image}, normalised (empty when there is none), or why it was not read. */
  OcrResult read(BufferedImage image);
}
