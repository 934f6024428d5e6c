package io.lakesync.testing;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Transparency;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
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

  /** A PNG whose IHDR declares width × height RGB pixels, with a few kilobytes of IDAT. */
  public static byte[] hugePng(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0);
    ihdr.put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    Deflater deflater = new Deflater(9);
    deflater.setInput(new byte[1 << 20]); // the first megabyte of zero rows
    deflater.finish();
    byte[] buffer = new byte[64 * 1024];
    int compressed = deflater.deflate(buffer);
    deflater.end();
    chunk(out, "IDAT", Arrays.copyOf(buffer, compressed));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  public static byte[] animatedGif(BufferedImage... frames) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.prepareWriteSequence(null);
      for (BufferedImage frame : frames) {
        ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(frame);
        IIOMetadata metadata = writer.getDefaultImageMetadata(type, null);
        String name = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(name);
        IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", "10");
        control.setAttribute("transparentColorIndex", "0");
        root.appendChild(control);
        metadata.setFromTree(name, root);
        writer.writeToSequence(new IIOImage(frame, null, metadata), null);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /**
   * A 4-component JPEG of one CMYK colour (0-255 ink amounts) with an Adobe APP14 marker, as
   * Photoshop writes them: an image in TwelveMonkeys' generic CMYK colour space, written by the
   * ImageIO JPEG writer.
   */
  public static byte[] cmykJpeg(int width, int height, int c, int m, int y, int k)
      throws IOException {
    ComponentColorModel model =
        new ComponentColorModel(
            ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK),
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_BYTE);
    WritableRaster raster = model.createCompatibleWritableRaster(width, height);
    for (int row = 0; row < height; row++) {
      for (int col = 0; col < width; col++) {
        raster.setPixel(col, row, new int[] {c, m, y, k});
      }
    }
    return encode(new BufferedImage(model, raster, false, null), "jpeg");
  }
}
