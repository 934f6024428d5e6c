package io.lakesync.extract;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes an image object into an upright {@link BufferedImage#TYPE_INT_RGB} image, within bounds
 * that keep one hostile or huge file from exhausting the heap:
 *
 * <ul>
 *   <li>The magic bytes decide the format and the reader; an extension that disagrees with the
 *       content is not trusted (a text file named {@code .png} is skipped).
 *   <li>The dimensions are read from the header, before any pixel is decoded; an image of more than
 *       {@code maxPixels} pixels is skipped as {@link SkipReason#TOO_LARGE} and never decoded (a
 *       PNG of a few kilobytes can declare 30000 × 30000 pixels, 3.6 GB as RGB).
 *   <li>Pixels are decoded subsampled, so the raster is only as large as the consumers need.
 * </ul>
 *
 * <p>JPEG EXIF orientation is applied, animated GIFs give their first frame, and transparency is
 * composited on white. Nothing here throws for bad content: it comes back as {@link
 * Extraction.Skipped}. Instances are thread-safe: each call uses its own reader.
 */
public final class ImageDecoder {
  /** 100 megapixels: larger than any camera photo, and at most 400 MB as TYPE_INT_RGB. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  /** OCR needs this much resolution on the shorter side; the image model needs only 256. */
  public static final int DEFAULT_MIN_SHORTER_SIDE = 1024;

  private static final int SNIFF_BYTES = 8192;

  private static volatile boolean pluginsScanned;

  private final long maxPixels;
  private final int minShorterSide;

  public ImageDecoder(long maxPixels, int minShorterSide) {
    if (maxPixels < 1 || minShorterSide < 1) {
      throw new IllegalArgumentException(
          "maxPixels and minShorterSide must be positive, got "
              + maxPixels
              + ", "
              + minShorterSide);
    }
    this.maxPixels = maxPixels;
    this.minShorterSide = minShorterSide;
  }

  public ImageDecoder() {
    this(DEFAULT_MAX_PIXELS, DEFAULT_MIN_SHORTER_SIDE);
  }

  public Extraction decode(String path, byte[] content) {
    if (content.length == 0) {
      return Extraction.skipped(SkipReason.EMPTY, "empty object");
    }
    Optional<ImageFormat> sniffed = ImageFormat.sniff(content);
    if (sniffed.isEmpty()) {
      return notAnImage(path, content);
    }
    ImageFormat format = sniffed.get();
    try {
      return read(format, content);
    } catch (IOException | RuntimeException e) {
      // Corrupt data: ImageIO and its plugins throw IIOException, but also
      // IllegalArgumentException,
      // IndexOutOfBoundsException and the like on malformed headers and streams.
      return Extraction.skipped(SkipReason.UNREADABLE, "unreadable " + format + ": " + message(e));
    }
  }

  private Extraction read(ImageFormat format, byte[] content) throws IOException {
    ImageReader reader = readerFor(format);
    if (reader == null) {
      return Extraction.skipped(
          SkipReason.UNSUPPORTED_TYPE, "no ImageIO reader for " + format + " is installed");
    }
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(content))) {
      reader.setInput(in, true, true);
      // The header only: no pixel is decoded before the size is known to be within bounds.
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      if (width <= 0 || height <= 0) {
        return Extraction.skipped(
            SkipReason.UNREADABLE, format + " declares " + width + " × " + height + " pixels");
      }
      if (!sane(width, height)) {
        // A 1 × 10,000,000 strip is under every pixel limit, yet resizing its shorter side to the
        // model's 256 would make a raster of billions of pixels; no model sees anything in it.
        return Extraction.skipped(
            SkipReason.UNREADABLE,
            width + " × " + height + ": more than " + MAX_ASPECT + " times longer than wide");
      }
      long pixels = (long) width * height;
      if (!admits(width, height)) {
        return Extraction.skipped(
            SkipReason.TOO_LARGE,
            width + " × " + height + " = " + pixels + " pixels > max_image_pixels " + maxPixels);
      }
      // Subsample while decoding by the largest integer factor that keeps the shorter side at
      // least minShorterSide: OCR needs about 1024 pixels, the image model 256, and a 12-megapixel
      // photo decoded whole is a 48 MB raster (plus the reader's own buffers) for nothing. The
      // readers skip the dropped rows and columns as they decode, so the full-size raster never
      // exists.
      int factor = subsampling(width, height, minShorterSide);
      ImageReadParam param = reader.getDefaultReadParam();
      param.setSourceSubsampling(factor, factor, 0, 0);
      BufferedImage decoded = reader.read(0, param);
      Optional<String> truncated =
          warnings.stream()
              .filter(w -> w.toLowerCase(Locale.ROOT).contains("premature end"))
              .findFirst();
      if (truncated.isPresent()) {
        return Extraction.skipped(
            SkipReason.UNREADABLE, "truncated " + format + ": " + truncated.get());
      }
      BufferedImage rgb = onWhite(decoded);
      if (format == ImageFormat.JPEG) {
        int orientation = ExifOrientation.of(content);
        rgb = ExifOrientation.apply(rgb, orientation);
        if (orientation >= 5) {
          return new Extraction.Image(rgb, format, height, width);
        }
      }
      return new Extraction.Image(rgb, format, width, height);
    } finally {
      reader.dispose();
    }
  }

  /**
   * Most pixels a decoded raster may have (64 MB as int RGB): a long, thin image, whose shorter
   * side allows no subsampling, is subsampled further so it cannot take hundreds of megabytes.
   */
  static final long MAX_DECODED_PIXELS = 16_000_000L;

  /** Longest side ÷ shortest side beyond which an image is a strip, not a picture. */
  public static final int MAX_ASPECT = 100;

  /**
   * Whether an image of this size is decoded at all: within the pixel limit and not a strip. A sync
   * asks it of images it would reuse, so a lowered limit applies to them too.
   */
  public boolean admits(int width, int height) {
    return sane(width, height) && (long) width * height <= maxPixels;
  }

  private static boolean sane(int width, int height) {
    return Math.max(width, height) <= MAX_ASPECT * (long) Math.min(width, height);
  }

  /**
   * The largest factor f with ceil(shorter / f) >= minShorterSide (1 for small images), raised
   * until the decoded raster has at most {@link #MAX_DECODED_PIXELS} pixels.
   */
  static int subsampling(int width, int height, int minShorterSide) {
    int factor = Math.max(1, Math.min(width, height) / minShorterSide);
    while (ceilDiv(width, factor) * ceilDiv(height, factor) > MAX_DECODED_PIXELS) {
      factor++;
    }
    return factor;
  }

  private static long ceilDiv(int a, int b) {
    return (a + (long) b - 1) / b;
  }

  /**
   * A reader for the sniffed format, chosen by format name: for JPEG the TwelveMonkeys reader
   * (CMYK, YCCK, ICC profiles) orders itself before the JDK's. The plugins register through {@code
   * ServiceLoader} when ImageIO starts; a class loader that did not see them then gets one rescan.
   */
  private static ImageReader readerFor(ImageFormat format) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
    if (!readers.hasNext() && !pluginsScanned) {
      pluginsScanned = true;
      ImageIO.scanForPlugins();
      readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
    }
    return readers.hasNext() ? readers.next() : null;
  }

  /**
   * {@code image} as TYPE_INT_RGB, transparent pixels composited on white (a transparent logo is
   * dark on light, as viewers show it, not on black). Gray, palette, 16-bit and CMYK-converted
   * images all come out as 8-bit sRGB.
   */
  static BufferedImage onWhite(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  /** Why content without an image signature is skipped: SVG, text, or an unknown kind. */
  private static Extraction notAnImage(String path, byte[] content) {
    if (ImageFormat.isSvgPath(path) || looksLikeSvg(content)) {
      return Extraction.skipped(
          SkipReason.UNSUPPORTED_TYPE, "SVG is a vector format; not rasterised");
    }
    String claimed =
        ImageFormat.byExtension(path).map(f -> "not a " + f + ": ").orElse("not an image: ");
    return Extraction.skipped(
        SkipReason.UNSUPPORTED_TYPE,
        claimed + (looksLikeText(content) ? "content is text" : "no known image signature"));
  }

  private static boolean looksLikeSvg(byte[] content) {
    String head =
        new String(content, 0, Math.min(content.length, 1024), StandardCharsets.UTF_8)
            .stripLeading()
            .toLowerCase(Locale.ROOT);
    return head.startsWith("<svg") || (head.startsWith("<?xml") && head.contains("<svg"));
  }

  /** No control characters but tab, line breaks and form feed in the first kilobytes. */
  private static boolean looksLikeText(byte[] content) {
    int end = Math.min(content.length, SNIFF_BYTES);
    for (int i = 0; i < end; i++) {
      int b = content[i] & 0xFF;
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
        return false;
      }
    }
    return true;
  }

  private static String message(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
