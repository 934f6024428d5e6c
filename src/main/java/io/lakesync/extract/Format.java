package io.lakesync.extract;

import java.util.Locale;
import java.util.Map;

/** Content formats lakesync extracts text from, recognised by extension and by sniffing. */
public enum Format {
  PLAIN,
  MARKDOWN,
  HTML,
  JSON,
  CSV,
  PDF;

  private static final Map<String, Format> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("txt", PLAIN),
          Map.entry("text", PLAIN),
          Map.entry("log", PLAIN),
          Map.entry("rst", PLAIN),
          Map.entry("md", MARKDOWN),
          Map.entry("markdown", MARKDOWN),
          Map.entry("html", HTML),
          Map.entry("htm", HTML),
          Map.entry("xhtml", HTML),
          Map.entry("json", JSON),
          Map.entry("jsonl", JSON),
          Map.entry("ndjson", JSON),
          Map.entry("csv", CSV),
          Map.entry("pdf", PDF));

  /**
   * Extensions of formats recognised but deliberately not extracted as text. Images among them are
   * decoded instead when {@link TextExtractor} has an {@link ImageDecoder}; see {@link
   * ImageFormat#isImagePath}.
   */
  private static final java.util.Set<String> UNSUPPORTED =
      java.util.Set.of(
          "png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff", "svg", "mp3", "mp4", "wav",
          "mov", "zip", "gz", "tgz", "tar", "7z", "parquet", "avro", "orc", "docx", "xlsx", "pptx",
          "doc", "xls", "ppt", "exe", "so", "dll", "bin", "onnx");

  static String extension(String path) {
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    return dot > slash + 1 ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }

  static Format byExtension(String path) {
    return BY_EXTENSION.get(extension(path));
  }

  static boolean knownUnsupported(String path) {
    return UNSUPPORTED.contains(extension(path));
  }
}
