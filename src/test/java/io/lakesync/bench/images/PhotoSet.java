package io.lakesync.bench.images;

import io.lakesync.testing.TestImages;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Photo-like JPEGs for the image benchmarks, generated once into a directory under {@code target/}
 * (never committed): smooth colour fields with blobs, scaled up and overlaid with sensor-like
 * noise, so they compress like photos (12 MP at quality 0.9: ≈ 2 MB). Encoding a 12 MP JPEG takes
 * about a second, so a large set is {@code bases} distinct pictures, each written {@code count /
 * bases} times with a distinct JPEG comment segment: distinct objects (distinct checksums, decoded
 * in full every time), with the pixels of their base.
 */
final class PhotoSet {
  private PhotoSet() {}

  /** The directory holding {@code count} photos of {@code width × height}, made if missing. */
  static Path ensure(Path dir, int count, int bases, int width, int height) throws IOException {
    Path done = dir.resolve(".complete");
    if (Files.exists(done)) {
      return dir.resolve("photos");
    }
    if (Files.exists(dir)) {
      try (Stream<Path> old = Files.walk(dir)) {
        for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Path photos = Files.createDirectories(dir.resolve("photos"));
    for (int b = 0; b < bases; b++) {
      byte[] jpeg = TestImages.jpeg(photo(b, width, height), 0.9f);
      for (int i = b; i < count; i += bases) {
        Files.write(photos.resolve(String.format("p%04d.jpg", i)), withComment(jpeg, "copy " + i));
      }
    }
    Files.writeString(done, count + " photos\n");
    return photos;
  }

  /** A smooth random picture, different for each seed, with per-pixel noise (±12 per channel). */
  static BufferedImage photo(long seed, int width, int height) {
    BufferedImage small =
        TestImages.colourField(seed, Math.max(8, width / 10), Math.max(8, height / 10));
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(small, 0, 0, width, height, null);
    g.dispose();
    int[] row = new int[width];
    long state = seed * 0x9E3779B97F4A7C15L + 1;
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        int rgb = row[x];
        int r = clamp(((rgb >> 16) & 0xff) + (int) (state & 0x1f) - 16 + 4);
        int gr = clamp(((rgb >> 8) & 0xff) + (int) ((state >>> 5) & 0x1f) - 16 + 4);
        int bl = clamp((rgb & 0xff) + (int) ((state >>> 10) & 0x1f) - 16 + 4);
        row[x] = (r << 16) | (gr << 8) | bl;
      }
      image.setRGB(0, y, width, 1, row, 0, width);
    }
    return image;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  /** {@code jpeg} with a COM segment after its first segment (the JFIF header). */
  static byte[] withComment(byte[] jpeg, String comment) {
    byte[] text = comment.getBytes(StandardCharsets.US_ASCII);
    int at = 2;
    if ((jpeg[2] & 0xff) == 0xff && (jpeg[3] & 0xff) == 0xe0) {
      at = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
    }
    byte[] out = new byte[jpeg.length + 4 + text.length];
    System.arraycopy(jpeg, 0, out, 0, at);
    int length = text.length + 2;
    out[at] = (byte) 0xff;
    out[at + 1] = (byte) 0xfe;
    out[at + 2] = (byte) (length >> 8);
    out[at + 3] = (byte) length;
    System.arraycopy(text, 0, out, at + 4, text.length);
    System.arraycopy(jpeg, at, out, at + 4 + text.length, jpeg.length - at);
    return out;
  }
}
