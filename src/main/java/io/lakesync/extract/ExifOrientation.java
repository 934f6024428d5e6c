package io.lakesync.extract;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

/**
 * The EXIF Orientation tag (0x0112) of a JPEG, read from its APP1 "Exif" segment, and the transform
 * that shows the image upright. A deliberately small parser: it walks the JPEG marker segments up
 * to the first scan, reads IFD0 of the embedded TIFF structure and nothing else. Every read is
 * bounds-checked; anything missing or malformed means orientation 1 (as stored).
 */
final class ExifOrientation {
  static final int NORMAL = 1;
  private static final int ORIENTATION_TAG = 0x0112;
  private static final int TYPE_SHORT = 3;

  private ExifOrientation() {}

  /** The orientation, 1 to 8, of a JPEG; 1 when it has none or the EXIF data is malformed. */
  static int of(byte[] jpeg) {
    int at = 2; // after SOI
    while (at + 4 <= jpeg.length) {
      if ((jpeg[at] & 0xFF) != 0xFF) {
        return NORMAL;
      }
      int marker = jpeg[at + 1] & 0xFF;
      if (marker == 0xFF) {
        at++; // fill byte
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        return NORMAL; // start of scan or end of image: no more metadata
      }
      int length = u16(jpeg, at + 2, false);
      if (length < 2 || at + 2 + length > jpeg.length) {
        return NORMAL;
      }
      if (marker == 0xE1) {
        int orientation = fromApp1(jpeg, at + 4, length - 2);
        if (orientation != 0) {
          return orientation;
        }
      }
      at += 2 + length;
    }
    return NORMAL;
  }

  /** The orientation in an APP1 payload, or 0 when it is not EXIF or has none. */
  private static int fromApp1(byte[] b, int start, int length) {
    int end = start + length;
    if (length < 6 + 8
        || b[start] != 'E'
        || b[start + 1] != 'x'
        || b[start + 2] != 'i'
        || b[start + 3] != 'f'
        || b[start + 4] != 0
        || b[start + 5] != 0) {
      return 0;
    }
    int tiff = start + 6;
    boolean little;
    if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
      little = true;
    } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
      little = false;
    } else {
      return 0;
    }
    if (u16(b, tiff + 2, little) != 42) {
      return 0;
    }
    long ifd = tiff + u32(b, tiff + 4, little);
    if (ifd + 2 > end) {
      return 0;
    }
    int count = u16(b, (int) ifd, little);
    for (int i = 0; i < count; i++) {
      long entry = ifd + 2 + 12L * i;
      if (entry + 12 > end) {
        return 0;
      }
      int e = (int) entry;
      if (u16(b, e, little) == ORIENTATION_TAG) {
        if (u16(b, e + 2, little) != TYPE_SHORT) {
          return 0;
        }
        int value = u16(b, e + 8, little); // a single SHORT is left-justified in the value field
        return value >= 1 && value <= 8 ? value : 0;
      }
    }
    return 0;
  }

  private static int u16(byte[] b, int at, boolean little) {
    int b0 = b[at] & 0xFF;
    int b1 = b[at + 1] & 0xFF;
    return little ? b0 | b1 << 8 : b0 << 8 | b1;
  }

  private static long u32(byte[] b, int at, boolean little) {
    long high = u16(b, little ? at + 2 : at, little);
    long low = u16(b, little ? at : at + 2, little);
    return high << 16 | low;
  }

  /**
   * {@code image} (TYPE_INT_RGB) turned upright for {@code orientation}: 2 mirrors, 3 rotates 180°,
   * 4 flips, 5 transposes, 6 rotates 90° clockwise, 7 transverses, 8 rotates 90° anticlockwise.
   */
  static BufferedImage apply(BufferedImage image, int orientation) {
    if (orientation < 2 || orientation > 8) {
      return image;
    }
    int sw = image.getWidth();
    int sh = image.getHeight();
    boolean swaps = orientation >= 5;
    int dw = swaps ? sh : sw;
    int dh = swaps ? sw : sh;
    int[] src = pixels(image);
    BufferedImage out = new BufferedImage(dw, dh, BufferedImage.TYPE_INT_RGB);
    int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < dh; y++) {
      for (int x = 0; x < dw; x++) {
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> {
            sx = sw - 1 - x;
            sy = y;
          }
          case 3 -> {
            sx = sw - 1 - x;
            sy = sh - 1 - y;
          }
          case 4 -> {
            sx = x;
            sy = sh - 1 - y;
          }
          case 5 -> {
            sx = y;
            sy = x;
          }
          case 6 -> {
            sx = y;
            sy = sh - 1 - x;
          }
          case 7 -> {
            sx = sw - 1 - y;
            sy = sh - 1 - x;
          }
          default -> { // 8
            sx = sw - 1 - y;
            sy = x;
          }
        }
        dst[y * dw + x] = src[sy * sw + sx];
      }
    }
    return out;
  }

  /** The pixels row by row: the image's own array when it is a plain one, else a copy. */
  private static int[] pixels(BufferedImage image) {
    WritableRaster raster = image.getRaster();
    if (raster.getDataBuffer() instanceof DataBufferInt buffer
        && raster.getSampleModel() instanceof SinglePixelPackedSampleModel model
        && model.getScanlineStride() == image.getWidth()
        && buffer.getNumBanks() == 1
        && buffer.getOffset() == 0
        && raster.getSampleModelTranslateX() == 0
        && raster.getSampleModelTranslateY() == 0
        && buffer.getData().length == image.getWidth() * image.getHeight()) {
      return buffer.getData();
    }
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
