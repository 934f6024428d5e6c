package io.lakesync.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The resize and crop in plain Java, without the model. */
class ImagePreprocessingTest {
  private static final int SIZE = ImageModel.INPUT_SIZE;

  @Test
  void aUniformImageGivesItsColourAtAnySizeAndAspect() {
    for (int[] wh :
        new int[][] {{1, 1}, {3, 1000}, {5000, 7}, {224, 224}, {256, 300}, {640, 427}}) {
      BufferedImage image = filled(wh[0], wh[1], new Color(200, 100, 10));
      float[] tensor = tensor(image);
      for (int i = 0; i < SIZE * SIZE; i++) {
        assertThat(tensor[i]).as("%dx%d red", wh[0], wh[1]).isCloseTo(200 / 255f, within(1e-6f));
        assertThat(tensor[SIZE * SIZE + i]).isCloseTo(100 / 255f, within(1e-6f));
        assertThat(tensor[2 * SIZE * SIZE + i]).isCloseTo(10 / 255f, within(1e-6f));
      }
    }
  }

  @Test
  void packedRgbPixelsGiveExactlyWhatTheColourModelPathGives() {
    java.util.Random random = new java.util.Random(3);
    BufferedImage packed = new BufferedImage(640, 427, BufferedImage.TYPE_INT_RGB);
    BufferedImage other = new BufferedImage(640, 427, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 427; y++) {
      for (int x = 0; x < 640; x++) {
        int rgb = random.nextInt(0x1000000);
        packed.setRGB(x, y, rgb);
        other.setRGB(x, y, rgb);
      }
    }
    assertThat(tensor(packed)).containsExactly(tensor(other));
  }

  @Test
  void halfTransparentBlackIsMidGrey() {
    BufferedImage image = new BufferedImage(300, 300, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    g.setComposite(AlphaComposite.Src);
    g.setColor(new Color(0, 0, 0, 128));
    g.fillRect(0, 0, 300, 300);
    g.dispose();
    float[] tensor = tensor(image);
    // 255 * (1 - 128/255) = 127
    assertThat(tensor[0]).isCloseTo(127 / 255f, within(1e-6f));
    assertThat(tensor[3 * SIZE * SIZE - 1]).isCloseTo(127 / 255f, within(1e-6f));
  }

  /** Left half black, right half white, 512 × 256: the crop is the centre, so the edge is too. */
  @Test
  void theCropIsCentred() {
    BufferedImage image = filled(512, 256, Color.WHITE);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, 256, 256);
    g.dispose();
    float[] tensor = tensor(image);
    int row = SIZE / 2 * SIZE;
    assertThat(tensor[row]).isZero();
    assertThat(tensor[row + SIZE / 2 - 3]).isZero();
    assertThat(tensor[row + SIZE / 2 + 2]).isEqualTo(1f);
    assertThat(tensor[row + SIZE - 1]).isEqualTo(1f);
  }

  private static float[] tensor(BufferedImage image) {
    float[] tensor = new float[3 * SIZE * SIZE];
    ImagePreprocessing.tensor(image, tensor, 0);
    return tensor;
  }

  private static BufferedImage filled(int width, int height, Color color) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }
}
