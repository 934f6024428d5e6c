package io.lakesync.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesync.testing.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled image model (EfficientNet-Lite0) as {@code bin/image-model} caches it, loaded and run
 * with every network connection refused, on scikit-image's sample photos that the script caches
 * beside it. Fails, not skips, when the model is missing: the message says to run {@code
 * bin/image-model}.
 */
class DjlImageEmbedderTest {
  private static final List<String> PHOTOS =
      List.of(
          "chelsea.png",
          "coffee.png",
          "rocket.jpg",
          "astronaut.png",
          "motorcycle_left.png",
          "horse.png");

  private static NoNetwork network;
  private static DjlImageEmbedder embedder;
  private static Map<String, BufferedImage> photos;

  @BeforeAll
  static void load() throws IOException {
    network = new NoNetwork();
    embedder = DjlImageEmbedder.load(modelCache());
    photos = new TreeMap<>();
    for (String name : PHOTOS) {
      photos.put(name, read(samples().resolve(name)));
    }
  }

  @AfterAll
  static void close() {
    if (embedder != null) {
      embedder.close();
    }
    network.close();
  }

  /** Where {@code bin/image-model} puts models: {@code $LAKESYNC_CACHE/models} by default. */
  static Path modelCache() {
    String cache = System.getenv("LAKESYNC_CACHE");
    Path root =
        cache != null && !cache.isBlank()
            ? Path.of(cache)
            : Path.of(System.getProperty("user.home"), ".cache", "lakesync");
    return root.resolve("models");
  }

  private static Path samples() {
    return ImageModel.directory(modelCache()).resolve("samples");
  }

  @Test
  void theCatIsACatAndTheCoffeeIsEspresso() {
    List<ImageEmbedding> results =
        embedder.embed(List.of(photos.get("chelsea.png"), photos.get("coffee.png")), 5);

    assertThat(results.get(0).labels().get(0).name())
        .as("top label of chelsea.png, %s", results.get(0).labels())
        .isIn("tabby", "tiger cat", "Egyptian cat");
    assertThat(results.get(1).labels().get(0).name())
        .as("top label of coffee.png, %s", results.get(1).labels())
        .isIn("espresso", "cup");
    assertThat(results.get(1).labels().get(0).probability()).isGreaterThan(0.8f);
    for (ImageEmbedding result : results) {
      assertThat(result.labels()).hasSize(5);
      assertThat(result.vector()).hasSize(ImageModel.DIMENSION);
      assertThat(norm(result.vector())).isCloseTo(1.0, within(1e-5));
      float previous = 1f;
      for (ImageEmbedding.Label label : result.labels()) {
        assertThat(label.probability()).isBetween(0f, previous);
        previous = label.probability();
      }
    }
    assertThat(network.attempts()).as("network connections attempted").isEmpty();
  }

  /**
   * Copies scaled down and re-saved as JPEG stay nearer their original than any other photo is.
   * Measured on the six photos: a copy at 80% and JPEG quality 0.9 has cosine 0.963–0.989 to its
   * original; at 50% and quality 0.5, 0.80–0.96; different photos are 0.09–0.30 apart.
   */
  @Test
  void aResizedRecompressedCopyIsNearItsOriginalAndDifferentPhotosAreFar() throws IOException {
    List<String> names = new ArrayList<>(photos.keySet());
    List<BufferedImage> originals = new ArrayList<>(photos.values());
    List<BufferedImage> mild = new ArrayList<>();
    List<BufferedImage> harsh = new ArrayList<>();
    for (BufferedImage original : originals) {
      mild.add(recompress(scale(original, 0.8), 0.9f));
      harsh.add(recompress(scale(original, 0.5), 0.5f));
    }
    List<ImageEmbedding> a = embedder.embed(originals, 1);
    List<ImageEmbedding> b = embedder.embed(mild, 1);
    List<ImageEmbedding> c = embedder.embed(harsh, 1);
    for (int i = 0; i < originals.size(); i++) {
      float[] original = a.get(i).vector();
      assertThat(cosine(original, b.get(i).vector()))
          .as("%s vs its copy at 80%%, JPEG quality 0.9", names.get(i))
          .isGreaterThan(0.9);
      double harshCopy = cosine(original, c.get(i).vector());
      assertThat(harshCopy)
          .as("%s vs its copy at 50%%, JPEG quality 0.5", names.get(i))
          .isGreaterThan(0.7);
      for (int j = 0; j < originals.size(); j++) {
        if (i != j) {
          double other = cosine(original, a.get(j).vector());
          assertThat(other).as("%s vs %s", names.get(i), names.get(j)).isLessThan(0.5);
          assertThat(harshCopy)
              .as("%s: its harsh copy vs %s", names.get(i), names.get(j))
              .isGreaterThan(other + 0.3);
        }
      }
    }
  }

  /**
   * The Java path (tensor into DJL, outputs by name, normalisation) against a Python ONNX Runtime
   * run on the same tensor, written by {@code bin/image-model} as {@code reference.json}.
   */
  @Test
  void matchesThePythonOnnxRuntimeReferenceOnTheSameTensor() throws IOException {
    JsonNode reference =
        new ObjectMapper()
            .readTree(ImageModel.directory(modelCache()).resolve("reference.json").toFile());
    int size = ImageModel.INPUT_SIZE;
    float[] tensor = new float[3 * size * size];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          long v = ((long) x * x + 3L * y + 50L * c + (long) x * y) % 256;
          tensor[(c * size + y) * size + x] = (float) (v / 255.0);
        }
      }
    }
    ImageEmbedding java = embedder.run(tensor, 1, 5).get(0);

    float[] python = floats(reference.get("embedding"));
    assertThat(cosine(java.vector(), python)).isGreaterThanOrEqualTo(0.9999);
    for (int i = 0; i < 5; i++) {
      JsonNode top = reference.get("top5").get(i);
      assertThat(java.labels().get(i).name()).isEqualTo(embedder.labels().get(top.get(0).asInt()));
      assertThat((double) java.labels().get(i).probability())
          .isCloseTo(top.get(1).asDouble(), within(1e-4));
    }
  }

  /**
   * The Java resize and crop against Pillow's ({@code resize(..., BICUBIC)}, the usual Python
   * recipe) on the same decoded PNG: measured pixel-identical, so the embeddings agree to float
   * precision. (rocket.jpg differs, cosine 0.989, because it embeds an Adobe RGB ICC profile that
   * ImageIO applies and Pillow ignores; the decodes agree within 1/255 once converted alike.)
   */
  @Test
  void preprocessingMatchesPillowOnPngs() throws IOException {
    JsonNode pillow =
        new ObjectMapper()
            .readTree(ImageModel.directory(modelCache()).resolve("reference.json").toFile())
            .get("pillow");
    for (String name : List.of("chelsea.png", "coffee.png")) {
      int size = ImageModel.INPUT_SIZE;
      float[] tensor = new float[3 * size * size];
      ImagePreprocessing.tensor(photos.get(name), tensor, 0);
      JsonNode sampled = pillow.get(name).get("tensor_every_97th");
      for (int i = 0; i < sampled.size(); i++) {
        assertThat((double) tensor[97 * i])
            .as("%s, tensor element %d", name, 97 * i)
            .isCloseTo(sampled.get(i).asDouble(), within(1.01 / 255));
      }
      float[] python = floats(pillow.get(name).get("embedding"));
      float[] java = embedder.embed(List.of(photos.get(name)), 1).get(0).vector();
      assertThat(cosine(java, python)).as(name).isGreaterThanOrEqualTo(0.9999);
    }
  }

  @Test
  void transparentPixelsCountAsWhite() {
    BufferedImage transparent = new BufferedImage(300, 200, BufferedImage.TYPE_INT_ARGB);
    BufferedImage white = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = white.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 300, 200);
    g.dispose();

    List<ImageEmbedding> results = embedder.embed(List.of(transparent, white), 1);

    assertThat(results.get(0).vector()).containsExactly(results.get(1).vector());
  }

  @Test
  void batchesGiveTheSameVectorsAsSingleImages() {
    List<BufferedImage> all = new ArrayList<>(photos.values());
    List<ImageEmbedding> batched = embedder.embed(all, 1);
    for (int i = 0; i < all.size(); i++) {
      float[] single = embedder.embed(List.of(all.get(i)), 1).get(0).vector();
      assertThat(cosine(single, batched.get(i).vector())).isGreaterThan(0.99999);
    }
  }

  @Test
  void aMissingModelFailsWithTheCommandThatMakesIt(@TempDir Path emptyCache) {
    assertThatThrownBy(() -> DjlImageEmbedder.load(emptyCache))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bin/image-model")
        .hasMessageContaining(ImageModel.stamp());
  }

  private static BufferedImage read(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) {
      throw new IOException("cannot decode " + file);
    }
    return image;
  }

  private static BufferedImage scale(BufferedImage image, double factor) {
    return TestImages.scaled(image, factor);
  }

  private static BufferedImage recompress(BufferedImage image, float quality) {
    return TestImages.read(TestImages.jpeg(image, quality));
  }

  private static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  private static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }
}
