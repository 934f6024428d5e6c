package io.lakesync.testing;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Images for tests: generated ones (smooth colour fields, rendered text) and the sample photos that
 * ship in scikit-image's wheel, which {@code bin/image-model} downloads (sha256-pinned) into the
 * cache.
 */
public final class TestImages {
  /** Must match the wheel pinned in {@code bin/image-model}. */
  private static final String SKIMAGE_WHEEL =
      "scikit_image-0.26.0-cp311-cp311-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl";

  private TestImages() {}

  /** A smooth random colour field with a few blobs: photo-like, different for each seed. */
  public static BufferedImage colourField(long seed, int width, int height) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(
        new java.awt.GradientPaint(
            0, 0, new Color(random.nextInt()), width, height, new Color(random.nextInt())));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 6; i++) {
      g.setColor(new Color(random.nextInt(0x1000000)));
      int size = width / 6 + random.nextInt(width / 3);
      g.fillOval(random.nextInt(width), random.nextInt(height), size, size);
    }
    g.dispose();
    return image;
  }

  /** Black lines of text on white, in a large sans-serif: what OCR reads best. */
  public static BufferedImage text(int width, int height, String... lines) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    int size = Math.max(16, height / (lines.length * 3));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
    for (int i = 0; i < lines.length; i++) {
      g.drawString(lines[i], size, size * 2 + i * size * 2);
    }
    g.dispose();
    return image;
  }

  public static byte[] png(BufferedImage image) {
    return encode(image, "png");
  }

  /** JPEG at {@code quality} (0–1). */
  public static byte[] jpeg(BufferedImage image, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(rgb(image), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** {@code image} scaled by {@code factor} with bilinear interpolation. */
  public static BufferedImage scaled(BufferedImage image, double factor) {
    int w = (int) Math.round(image.getWidth() * factor);
    int h = (int) Math.round(image.getHeight() * factor);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  public static BufferedImage read(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * scikit-image's sample images (file name → bytes): the photos of {@code skimage/data} in the
   * wheel {@code bin/image-model} caches.
   */
  public static Map<String, byte[]> skimageSamples() {
    Path wheel = cache().resolve("wheels").resolve(SKIMAGE_WHEEL);
    if (!Files.isRegularFile(wheel)) {
      throw new IllegalStateException(wheel + " is missing: run bin/image-model");
    }
    Map<String, byte[]> samples = new TreeMap<>();
    try (ZipFile zip = new ZipFile(wheel.toFile())) {
      for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
        String name = entry.getName();
        if (name.startsWith("skimage/data/")
            && List.of("png", "jpg", "gif", "tif").stream().anyMatch(name::endsWith)) {
          samples.put(
              name.substring("skimage/data/".length()), zip.getInputStream(entry).readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + wheel, e);
    }
    return samples;
  }

  private static Path cache() {
    String env = System.getenv("LAKESYNC_CACHE");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "lakesync");
  }

  private static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no " + format + " writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static BufferedImage rgb(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return out;
  }
}
