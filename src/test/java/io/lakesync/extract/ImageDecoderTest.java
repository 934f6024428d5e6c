package io.lakesync.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakesync.testing.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Every image here is generated in the test (Java2D and ImageIO writers, or hand-written bytes).
 */
class ImageDecoderTest {
  private final ImageDecoder decoder = new ImageDecoder(100_000_000L, 1024);

  // ---- sniffing ----

  @Test
  void magicBytesNameTheFormatAndExtensionsSayImage() throws IOException {
    BufferedImage image = filled(8, 8, Color.RED);
    assertThat(ImageFormat.sniff(write(image, "jpeg"))).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.sniff(write(image, "png"))).contains(ImageFormat.PNG);
    assertThat(ImageFormat.sniff(write(image, "gif"))).contains(ImageFormat.GIF);
    assertThat(ImageFormat.sniff(write(image, "bmp"))).contains(ImageFormat.BMP);
    assertThat(ImageFormat.sniff(write(image, "tiff"))).contains(ImageFormat.TIFF);
    assertThat(ImageFormat.sniff(webp())).contains(ImageFormat.WEBP);
    assertThat(ImageFormat.sniff("BMW drivers, a text".getBytes(StandardCharsets.US_ASCII)))
        .isEmpty();
    assertThat(ImageFormat.sniff(new byte[] {(byte) 0xFF})).isEmpty();
    assertThat(ImageFormat.sniff(new byte[0])).isEmpty();

    for (String path : new String[] {"a.jpg", "b.JPEG", "c/d.png", "e.Gif", "f.bmp", "g.webp"}) {
      assertThat(ImageFormat.isImagePath(path)).as(path).isTrue();
    }
    assertThat(ImageFormat.isImagePath("h.TIF")).isTrue();
    assertThat(ImageFormat.isImagePath("i.tiff")).isTrue();
    assertThat(ImageFormat.isImagePath("logo.svg")).isFalse();
    assertThat(ImageFormat.isImagePath("png")).isFalse();
    assertThat(ImageFormat.isImagePath("dir.png/readme")).isFalse();
  }

  // ---- bad content: a reason, never an exception ----

  @Test
  void anEmptyJpegIsEmpty() {
    assertSkipped(decoder.decode("a.jpg", new byte[0]), SkipReason.EMPTY, "empty object");
  }

  @Test
  void aTextFileNamedPngIsNotAnImage() {
    byte[] text = "just some notes\nnot a picture\n".getBytes(StandardCharsets.UTF_8);
    assertSkipped(
        decoder.decode("notes.png", text),
        SkipReason.UNSUPPORTED_TYPE,
        "not a PNG: content is text");
    assertSkipped(
        decoder.decode("blob.jpg", new byte[] {1, 2, 3, 0, 5}),
        SkipReason.UNSUPPORTED_TYPE,
        "not a JPEG: no known image signature");
  }

  @Test
  void svgIsAVectorFormatAndNotRasterised() {
    byte[] svg =
        "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\"/>"
            .getBytes(StandardCharsets.UTF_8);
    assertSkipped(
        decoder.decode("logo.svg", svg),
        SkipReason.UNSUPPORTED_TYPE,
        "SVG is a vector format; not rasterised");
    assertSkipped(
        decoder.decode("logo.png", svg),
        SkipReason.UNSUPPORTED_TYPE,
        "SVG is a vector format; not rasterised");
  }

  @Test
  void aTruncatedJpegIsUnreadable() throws IOException {
    byte[] jpeg = write(noise(400, 300), "jpeg");
    for (int length : new int[] {jpeg.length / 2, 3, 20, 200}) {
      Extraction result = decoder.decode("cut.jpg", Arrays.copyOf(jpeg, length));
      assertThat(result).as("first %d bytes", length).isInstanceOf(Extraction.Skipped.class);
      assertThat(((Extraction.Skipped) result).reason()).isEqualTo(SkipReason.UNREADABLE);
    }
    Extraction.Skipped half =
        (Extraction.Skipped) decoder.decode("cut.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
    assertThat(half.detail()).startsWith("truncated JPEG: ").containsIgnoringCase("premature end");
  }

  @Test
  void aTruncatedPngIsUnreadable() throws IOException {
    byte[] png = write(noise(200, 200), "png");
    Extraction result = decoder.decode("cut.png", Arrays.copyOf(png, png.length / 2));
    assertSkipped(result, SkipReason.UNREADABLE, "unreadable PNG: ");
  }

  /**
   * The JDK's PNG reader does not verify chunk CRCs (it reads and discards them), so a PNG whose
   * only fault is a bad CRC decodes, pixels intact. That is the honest behaviour, and harmless: the
   * zlib stream inside IDAT has its own Adler-32 check, which the reader does enforce.
   */
  @Test
  void aPngWithABadCrcStillDecodesBecauseImageIoIgnoresCrcs() throws IOException {
    byte[] png = write(filled(16, 16, Color.BLUE), "png");
    int idat = indexOf(png, "IDAT".getBytes(StandardCharsets.US_ASCII));
    int length = ByteBuffer.wrap(png, idat - 4, 4).getInt();
    int crcAt = idat + 4 + length;
    png[crcAt] ^= 0x5A;
    png[8 + 8 + 13] ^= 0x5A; // IHDR's CRC too

    Extraction.Image image = image(decoder.decode("bad-crc.png", png));
    assertThat(rgb(image.image(), 8, 8)).isEqualTo(0x0000FF);
  }

  @Test
  void aCorruptPngStreamIsUnreadable() throws IOException {
    byte[] png = write(noise(64, 64), "png");
    int idat = indexOf(png, "IDAT".getBytes(StandardCharsets.US_ASCII));
    for (int i = idat + 8; i < idat + 40; i++) {
      png[i] = (byte) 0xFF;
    }
    assertSkipped(decoder.decode("corrupt.png", png), SkipReason.UNREADABLE, "unreadable PNG: ");
  }

  @Test
  void aHugeDeclaredPngIsSkippedFromItsHeaderBeforeDecoding() {
    byte[] png = TestImages.hugePng(30_000, 30_000);
    assertThat(png.length).isLessThan(16 * 1024);

    assertSkipped(
        decoder.decode("bomb.png", png),
        SkipReason.TOO_LARGE,
        "30000 × 30000 = 900000000 pixels > max_image_pixels 100000000");
  }

  @Test
  void skippingTheHugePngAllocatesNothingLarge() throws IOException {
    byte[] png = TestImages.hugePng(30_000, 30_000);
    decoder.decode("warm-up.png", write(filled(4, 4, Color.RED), "png"));
    decoder.decode("warm-up.png", png);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();

    long before = threads.getThreadAllocatedBytes(id);
    Extraction result = decoder.decode("bomb.png", png);
    long allocated = threads.getThreadAllocatedBytes(id) - before;

    assertThat(result).isInstanceOf(Extraction.Skipped.class);
    assertThat(allocated).as("bytes allocated").isLessThan(10L * 1024 * 1024);
  }

  @Test
  void theBoundIsTheDecodersMaxPixels() throws IOException {
    byte[] png = write(filled(100, 100, Color.RED), "png");
    assertThat(new ImageDecoder(10_000, 1024).decode("a.png", png))
        .isInstanceOf(Extraction.Image.class);
    assertSkipped(
        new ImageDecoder(9_999, 1024).decode("a.png", png),
        SkipReason.TOO_LARGE,
        "100 × 100 = 10000 pixels > max_image_pixels 9999");
  }

  // ---- formats and colour models ----

  @Test
  void jpegPngGifBmpAndTiffDecodeToRgb() throws IOException {
    BufferedImage source = filled(30, 20, new Color(200, 40, 40));
    for (String format : new String[] {"jpeg", "png", "gif", "bmp", "tiff"}) {
      Extraction.Image image = image(decoder.decode("x." + format, write(source, format)));
      assertThat(image.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
      assertThat(image.width()).isEqualTo(30);
      assertThat(image.height()).isEqualTo(20);
      assertThat(image.format().name()).isEqualTo(format.toUpperCase(Locale.ROOT));
      assertClose(rgb(image.image(), 15, 10), 0xC82828, 6);
    }
  }

  @Test
  void magicBytesWinOverTheExtension() throws IOException {
    Extraction.Image image =
        image(decoder.decode("really-a-jpeg.png", write(filled(8, 8, Color.GREEN), "jpeg")));
    assertThat(image.format()).isEqualTo(ImageFormat.JPEG);
  }

  @Test
  void grayscaleAndPaletteImagesDecodeToRgb() throws IOException {
    BufferedImage gray = new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setSample(3, 3, 0, 128);
    Extraction.Image decodedGray = image(decoder.decode("g.png", write(gray, "png")));
    assertThat(rgb(decodedGray.image(), 3, 3)).isEqualTo(0x808080);
    assertThat(rgb(decodedGray.image(), 0, 0)).isEqualTo(0x000000);

    byte[] r = {(byte) 255, 0};
    byte[] g = {0, (byte) 128};
    byte[] b = {0, (byte) 255};
    BufferedImage palette =
        new BufferedImage(
            10, 10, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(1, 2, r, g, b));
    palette.getRaster().setSample(5, 5, 0, 1);
    Extraction.Image decodedPalette = image(decoder.decode("p.png", write(palette, "png")));
    assertThat(rgb(decodedPalette.image(), 0, 0)).isEqualTo(0xFF0000);
    assertThat(rgb(decodedPalette.image(), 5, 5)).isEqualTo(0x0080FF);
  }

  @Test
  void sixteenBitPngsDecodeTo8BitRgb() throws IOException {
    ComponentColorModel model =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    WritableRaster raster = model.createCompatibleWritableRaster(12, 8);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 12; x++) {
        raster.setPixel(x, y, new int[] {0xFFFF, 0x8080, 0x0000});
      }
    }
    byte[] png = write(new BufferedImage(model, raster, false, null), "png");
    assertThat(png[8 + 8 + 8]).as("IHDR bit depth").isEqualTo((byte) 16);
    Extraction.Image rgb = image(decoder.decode("deep.png", png));
    assertThat(rgb(rgb.image(), 6, 4)).isEqualTo(0xFF8000);

    BufferedImage gray = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
    gray.getRaster().setSample(1, 1, 0, 0x8080);
    byte[] grayPng = write(gray, "png");
    assertThat(grayPng[8 + 8 + 8]).as("IHDR bit depth").isEqualTo((byte) 16);
    Extraction.Image grayRgb = image(decoder.decode("deep-gray.png", grayPng));
    assertThat(rgb(grayRgb.image(), 1, 1)).isEqualTo(0x808080);
  }

  @Test
  void aFullyTransparentPngIsWhite() throws IOException {
    BufferedImage clear = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
    clear.setRGB(2, 2, 0x80000000); // half-transparent black: mid gray on white
    Extraction.Image image = image(decoder.decode("clear.png", write(clear, "png")));
    assertThat(rgb(image.image(), 0, 0)).isEqualTo(0xFFFFFF);
    assertClose(rgb(image.image(), 2, 2), 0x7F7F7F, 1);
  }

  @Test
  void anAnimatedGifGivesItsFirstFrame() throws IOException {
    byte[] gif = TestImages.animatedGif(filled(16, 16, Color.RED), filled(16, 16, Color.BLUE));
    Extraction.Image image = image(decoder.decode("anim.gif", gif));
    assertThat(rgb(image.image(), 8, 8)).isEqualTo(0xFF0000);
  }

  /**
   * A CMYK JPEG (4 components with an Adobe APP14 marker, as Photoshop writes them), generated with
   * the JDK's JPEG writer from a raster. The JDK's reader rejects these; TwelveMonkeys converts
   * them.
   */
  @Test
  void aCmykJpegDecodesToSensibleRgb() throws IOException {
    byte[] jpeg = TestImages.cmykJpeg(32, 32, 255, 0, 0, 0); // pure cyan ink
    assertThat(indexOf(jpeg, "Adobe".getBytes(StandardCharsets.US_ASCII))).isPositive();
    assertThat(jpeg[indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xC0}) + 9])
        .as("components")
        .isEqualTo((byte) 4);

    Extraction.Image image = image(decoder.decode("cmyk.jpg", jpeg));
    int pixel = rgb(image.image(), 16, 16);
    int red = pixel >> 16 & 0xFF;
    int green = pixel >> 8 & 0xFF;
    int blue = pixel & 0xFF;
    assertThat(red).as("cyan has little red: %06x", pixel).isLessThan(100);
    assertThat(green).as("cyan: %06x", pixel).isGreaterThan(120);
    assertThat(blue).as("cyan: %06x", pixel).isGreaterThan(180);

    int black =
        rgb(image(decoder.decode("k.jpg", TestImages.cmykJpeg(8, 8, 0, 0, 0, 255))).image(), 4, 4);
    assertThat(Math.max(black >> 16 & 0xFF, Math.max(black >> 8 & 0xFF, black & 0xFF)))
        .as("full black ink: %06x", black)
        .isLessThan(80);
    assertClose(
        rgb(
            image(decoder.decode("r.jpg", TestImages.cmykJpeg(8, 8, 0, 255, 255, 0))).image(),
            4,
            4),
        0xFF0000,
        60);
  }

  /**
   * TwelveMonkeys' WebP plugin only reads, and no encoder is at hand in a unit test, so this is the
   * well-known 1×1 lossless WebP that Modernizr's feature detection embeds (34 bytes, public). Its
   * one pixel is fully transparent, so it also shows WebP alpha composited on white.
   */
  @Test
  void aWebpDecodes() {
    Extraction.Image image = image(decoder.decode("pixel.webp", webp()));
    assertThat(image.format()).isEqualTo(ImageFormat.WEBP);
    assertThat(image.width()).isEqualTo(1);
    assertThat(image.height()).isEqualTo(1);
    assertThat(image.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(rgb(image.image(), 0, 0)).isEqualTo(0xFFFFFF);
  }

  // ---- EXIF orientation ----

  @Test
  void exifOrientation6TurnsAWideJpegUpright() throws IOException {
    BufferedImage source = filled(40, 20, Color.WHITE);
    Graphics2D g = source.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, 8, 8); // marks the stored image's top-left corner
    g.dispose();
    byte[] jpeg = withOrientation(writeJpeg(source, 1f), 6, false);
    assertThat(ExifOrientation.of(jpeg)).isEqualTo(6);

    Extraction.Image image = image(decoder.decode("phone.jpg", jpeg));

    // Rotated 90° clockwise: the stored top-left corner is the upright top-right one.
    assertThat(image.image().getWidth()).isEqualTo(20);
    assertThat(image.image().getHeight()).isEqualTo(40);
    assertThat(image.width()).isEqualTo(20);
    assertThat(image.height()).isEqualTo(40);
    assertClose(rgb(image.image(), 16, 3), 0xFF0000, 40);
    assertClose(rgb(image.image(), 3, 3), 0xFFFFFF, 40);
    assertClose(rgb(image.image(), 16, 36), 0xFFFFFF, 40);
  }

  @Test
  void exifOrientationIsReadInBothByteOrdersAndMalformedExifMeansNormal() throws IOException {
    byte[] jpeg = writeJpeg(filled(4, 4, Color.WHITE), 0.9f);
    assertThat(ExifOrientation.of(jpeg)).isEqualTo(1);
    for (int orientation = 1; orientation <= 8; orientation++) {
      assertThat(ExifOrientation.of(withOrientation(jpeg, orientation, true)))
          .isEqualTo(orientation);
      assertThat(ExifOrientation.of(withOrientation(jpeg, orientation, false)))
          .isEqualTo(orientation);
    }
    assertThat(ExifOrientation.of(withOrientation(jpeg, 9, false))).isEqualTo(1);
    byte[] cut = withOrientation(jpeg, 6, false);
    assertThat(ExifOrientation.of(Arrays.copyOf(cut, 30))).isEqualTo(1);
    byte[] badOffset = withOrientation(jpeg, 6, false);
    badOffset[2 + 4 + 6 + 4] = 0x7F; // IFD0 offset far beyond the segment
    assertThat(ExifOrientation.of(badOffset)).isEqualTo(1);
    assertThat(ExifOrientation.of(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEqualTo(1);
  }

  @Test
  void allEightOrientationsPutTheStoredTopLeftPixelWhereItBelongs() {
    // A 3 × 2 image with distinct pixels: a b c / d e f.
    BufferedImage stored = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    int[] pixels = {1, 2, 3, 4, 5, 6};
    stored.setRGB(0, 0, 3, 2, pixels, 0, 3);
    String[] upright = {
      null,
      "1 2 3/4 5 6", // 1: as stored
      "3 2 1/6 5 4", // 2: mirrored
      "6 5 4/3 2 1", // 3: rotated 180°
      "4 5 6/1 2 3", // 4: flipped
      "1 4/2 5/3 6", // 5: transposed
      "4 1/5 2/6 3", // 6: rotated 90° clockwise
      "6 3/5 2/4 1", // 7: transversed
      "3 6/2 5/1 4" // 8: rotated 90° anticlockwise
    };
    for (int orientation = 1; orientation <= 8; orientation++) {
      assertThat(rows(ExifOrientation.apply(stored, orientation)))
          .as("orientation %d", orientation)
          .isEqualTo(upright[orientation]);
    }
  }

  // ---- memory: subsampling ----

  @Test
  void aLargeJpegIsSubsampledButReportsItsSourceSize() throws IOException {
    BufferedImage big = new BufferedImage(6000, 4000, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = big.createGraphics();
    g.setColor(new Color(30, 90, 200));
    g.fillRect(0, 0, 6000, 4000);
    g.dispose();
    byte[] jpeg = writeJpeg(big, 0.8f);
    big = null;

    Extraction.Image image = image(decoder.decode("big.jpg", jpeg));

    assertThat(image.width()).isEqualTo(6000);
    assertThat(image.height()).isEqualTo(4000);
    int shorter = Math.min(image.image().getWidth(), image.image().getHeight());
    assertThat(shorter).isBetween(1024, 2 * 1024);
    assertThat(image.image().getWidth()).isEqualTo(2000); // factor 3
    assertClose(rgb(image.image(), 1000, 600), 0x1E5AC8, 6);
  }

  @Test
  void theSubsamplingFactorKeepsTheShorterSideAtLeastTheMinimum() {
    assertThat(ImageDecoder.subsampling(6000, 4000, 1024)).isEqualTo(3);
    assertThat(ImageDecoder.subsampling(4000, 6000, 256)).isEqualTo(15);
    assertThat(ImageDecoder.subsampling(2047, 3000, 1024)).isEqualTo(1);
    assertThat(ImageDecoder.subsampling(2048, 3000, 1024)).isEqualTo(2);
    assertThat(ImageDecoder.subsampling(10, 10, 1024)).isEqualTo(1);
    // Long and thin: the shorter side allows no subsampling, the decoded raster's size does.
    int thin = ImageDecoder.subsampling(1500, 66_000, 1024);
    assertThat(thin).isEqualTo(3);
    assertThat((1500 / thin) * (long) (66_000 / thin)).isLessThanOrEqualTo(16_000_000L);
    for (int side = 1024; side < 20_000; side += 97) {
      int factor = ImageDecoder.subsampling(side, side * 2, 1024);
      int decoded = (side + factor - 1) / factor;
      assertThat(decoded).as("side %d", side).isBetween(1024, 2 * 1024 - 1);
    }
  }

  // ---- helpers ----

  @Test
  void aStripOfExtremeAspectIsSkippedBeforeDecoding() {
    // 1 × 10,000,000: under every pixel limit, but resizing it for the model would not be.
    Extraction strip = new ImageDecoder().decode("strip.png", TestImages.hugePng(1, 10_000_000));
    assertSkipped(strip, SkipReason.UNREADABLE, "1 × 10000000: more than 100 times");
    assertThat(
            new ImageDecoder()
                .decode(
                    "wide.png",
                    TestImages.png(new BufferedImage(1000, 10, BufferedImage.TYPE_INT_RGB))))
        .isInstanceOf(Extraction.Image.class);
  }

  private static void assertSkipped(Extraction result, SkipReason reason, String detailPrefix) {
    assertThat(result).isInstanceOf(Extraction.Skipped.class);
    Extraction.Skipped skipped = (Extraction.Skipped) result;
    assertThat(skipped.reason()).as(skipped.detail()).isEqualTo(reason);
    assertThat(skipped.detail()).startsWith(detailPrefix);
  }

  private static Extraction.Image image(Extraction result) {
    assertThat(result).isInstanceOf(Extraction.Image.class);
    return (Extraction.Image) result;
  }

  private static int rgb(BufferedImage image, int x, int y) {
    return image.getRGB(x, y) & 0xFFFFFF;
  }

  private static void assertClose(int actual, int expected, int tolerance) {
    for (int shift = 0; shift <= 16; shift += 8) {
      assertThat(actual >> shift & 0xFF)
          .as("%06x vs %06x", actual, expected)
          .isCloseTo(expected >> shift & 0xFF, within(tolerance));
    }
  }

  private static String rows(BufferedImage image) {
    StringBuilder out = new StringBuilder();
    for (int y = 0; y < image.getHeight(); y++) {
      if (y > 0) {
        out.append('/');
      }
      for (int x = 0; x < image.getWidth(); x++) {
        out.append(x > 0 ? " " : "").append(image.getRGB(x, y) & 0xFFFFFF);
      }
    }
    return out.toString();
  }

  private static BufferedImage filled(int width, int height, Color color) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  private static BufferedImage noise(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(42);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    return image;
  }

  private static byte[] write(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, format, out)) {
      throw new IllegalStateException("no ImageIO writer for " + format);
    }
    return out.toByteArray();
  }

  private static byte[] writeJpeg(BufferedImage image, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** A JPEG with an EXIF APP1 segment holding only IFD0's Orientation, inserted after SOI. */
  private static byte[] withOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
    ByteBuffer tiff =
        ByteBuffer.allocate(8 + 2 + 12 + 4)
            .order(littleEndian ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
    tiff.put(littleEndian ? (byte) 'I' : (byte) 'M').put(littleEndian ? (byte) 'I' : (byte) 'M');
    tiff.putShort((short) 42).putInt(8);
    tiff.putShort((short) 1); // one entry
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1);
    tiff.putShort((short) orientation).putShort((short) 0);
    tiff.putInt(0); // no next IFD
    byte[] exif = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
    int length = 2 + exif.length + tiff.capacity();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(0xFF);
    out.write(0xE1);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.writeBytes(exif);
    out.writeBytes(tiff.array());
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  private static byte[] webp() {
    return Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
