package io.lakesync.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Whether images' text is read with OCR ({@code images.ocr}). */
public enum OcrMode {
  /**
   * OCR when Tesseract is installed, none otherwise (with a warning at start). The engine's stamp
   * is part of the table's settings, so installing or upgrading Tesseract rebuilds the image rows
   * instead of mixing them.
   */
  AUTO,
  /** Tesseract is required: lakesync refuses to start without it. */
  ON,
  /** No OCR: images are found by what the image model sees only. */
  OFF;

  @JsonCreator
  public static OcrMode of(String value) {
    return Arrays.stream(values())
        .filter(m -> m.yamlName().equals(value))
        .findFirst()
        .orElseThrow(
            () -> new ConfigException("images.ocr", "must be auto, on or off: '" + value + "'"));
  }

  @JsonValue
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
