package io.lakesync.extract;

import java.time.Duration;
import java.util.Objects;

/** What OCR made of one image: its text (possibly empty), or why it has none. */
public sealed interface OcrResult {
  /**
   * The text read, normalised (see {@link TesseractOcr#normalise}); empty when the image shows
   * none.
   */
  record Read(String text, Duration took) implements OcrResult {
    public Read {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(took, "took");
    }
  }

  /** OCR did not finish; {@code detail} is for people (the exit code, the end of stderr). */
  record Failed(Reason reason, String detail) implements OcrResult {
    public Failed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  enum Reason {
    /** Ran past its timeout and was killed. */
    TIMEOUT,
    /** Exited with a non-zero status (an image it cannot read, a missing language). */
    EXIT,
    /** Could not be started, or its pipes broke (the command vanished, no processes left). */
    IO,
    /** The image could not be encoded as PNG to hand it over. */
    ENCODE
  }

  /** The text, or empty for a failure: for callers that treat "no OCR" like "no text". */
  default String textOrEmpty() {
    return this instanceof Read read ? read.text() : "";
  }
}
