package io.lakesync.extract;

import java.util.Optional;
import java.util.Set;

/**
 * Raster image formats lakesync decodes (see {@link ImageDecoder}). The content's magic bytes
 * decide the format; the extension only says that a path is meant to be an image. SVG is not one of
 * them: it is a vector format and is not rasterised.
 */
public enum ImageFormat {
  JPEG("jpeg"),
  PNG("png"),
  GIF("gif"),
  BMP("bmp"),
  WEBP("webp"),
  TIFF("tiff");

  private static final Set<String> EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff");

  /** BMP's two-byte "BM" is weak; the DIB header sizes of real BMPs make it a signature. */
  private static final Set<Integer> BMP_INFO_HEADER_SIZES = Set.of(12, 40, 52, 56, 64, 108, 124);

  private final String imageIoName;

  ImageFormat(String imageIoName) {
    this.imageIoName = imageIoName;
  }

  /** The format name ImageIO's readers are registered under. */
  String imageIoName() {
    return imageIoName;
  }

  /** The format the magic bytes at the start of {@code content} name, if any. */
  public static Optional<ImageFormat> sniff(byte[] content) {
    if (startsWith(content, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(JPEG);
    }
    if (startsWith(content, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(PNG);
    }
    if (startsWith(content, 'G', 'I', 'F', '8', '7', 'a')
        || startsWith(content, 'G', 'I', 'F', '8', '9', 'a')) {
      return Optional.of(GIF);
    }
    if (content.length >= 12
        && startsWith(content, 'R', 'I', 'F', 'F')
        && content[8] == 'W'
        && content[9] == 'E'
        && content[10] == 'B'
        && content[11] == 'P') {
      return Optional.of(WEBP);
    }
    // Classic TIFF (42) and BigTIFF (43), little- and big-endian.
    if (startsWith(content, 'I', 'I', 42, 0)
        || startsWith(content, 'M', 'M', 0, 42)
        || startsWith(content, 'I', 'I', 43, 0)
        || startsWith(content, 'M', 'M', 0, 43)) {
      return Optional.of(TIFF);
    }
    if (content.length >= 18 && startsWith(content, 'B', 'M')) {
      int infoSize =
          (content[14] & 0xFF)
              | (content[15] & 0xFF) << 8
              | (content[16] & 0xFF) << 16
              | (content[17] & 0xFF) << 24;
      if (BMP_INFO_HEADER_SIZES.contains(infoSize)) {
        return Optional.of(BMP);
      }
    }
    return Optional.empty();
  }

  /** Whether the path's extension names a raster image format (case-insensitive). */
  public static boolean isImagePath(String path) {
    return EXTENSIONS.contains(Format.extension(path));
  }

  /** Whether the path's extension is {@code .svg}, a vector format that is not rasterised. */
  static boolean isSvgPath(String path) {
    return "svg".equals(Format.extension(path));
  }

  /** The format a path's extension names, if it names one. */
  static Optional<ImageFormat> byExtension(String path) {
    return switch (Format.extension(path)) {
      case "jpg", "jpeg" -> Optional.of(JPEG);
      case "png" -> Optional.of(PNG);
      case "gif" -> Optional.of(GIF);
      case "bmp" -> Optional.of(BMP);
      case "webp" -> Optional.of(WEBP);
      case "tif", "tiff" -> Optional.of(TIFF);
      default -> Optional.empty();
    };
  }

  private static boolean startsWith(byte[] content, int... magic) {
    if (content.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((content[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
