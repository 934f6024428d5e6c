package io.lakesync.search;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Small previews of images for the search page: scaled down server-side, sent as JPEG. */
final class Thumbnails {
  /** The longer side of a thumbnail, in pixels. */
  static final int MAX_SIDE = 160;

  private static final float QUALITY = 0.85f;

  private Thumbnails() {}

  /**
   * {@code image} scaled so its longer side is at most {@code maxSide}, aspect ratio kept (each
   * side at least one pixel); a smaller image is returned as it is, never enlarged.
   */
  static BufferedImage scaled(BufferedImage image, int maxSide) {
    int width = image.getWidth();
    int height = image.getHeight();
    if (Math.max(width, height) <= maxSide) {
      return image;
    }
    double factor = (double) maxSide / Math.max(width, height);
    int targetWidth = Math.max(1, (int) Math.round(width * factor));
    int targetHeight = Math.max(1, (int) Math.round(height * factor));
    // Halve with bilinear steps first: one bilinear step from far above skips most source pixels
    // and aliases (fine patterns turn to moiré).
    BufferedImage current = image;
    while (current.getWidth() / 2 >= targetWidth && current.getHeight() / 2 >= targetHeight) {
      current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
    }
    return draw(current, targetWidth, targetHeight);
  }

  /**
   * The image as a baseline JPEG; thumbnails are opaque (the decoder put transparency on white).
   */
  static byte[] jpeg(BufferedImage image) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(QUALITY);
      writer.write(null, new IIOImage(rgb(image), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding in memory failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static BufferedImage draw(BufferedImage source, int width, int height) {
    BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return target;
  }

  private static BufferedImage rgb(BufferedImage image) {
    return image.getType() == BufferedImage.TYPE_INT_RGB
        ? image
        : draw(image, image.getWidth(), image.getHeight());
  }
}
