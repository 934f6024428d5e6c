package io.lakesync.sync;

import io.lakesync.config.ConfigException;
import io.lakesync.config.ImagesConfig;
import io.lakesync.config.OcrMode;
import io.lakesync.embed.DjlImageEmbedder;
import io.lakesync.embed.ImageEmbedder;
import io.lakesync.embed.ImageEmbedding;
import io.lakesync.embed.ImageModel;
import io.lakesync.extract.Ocr;
import io.lakesync.extract.TesseractOcr;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models a sync uses for images, shared by every table: the image model, loaded on the first
 * image (a deployment without images never pays for it), and the OCR engine.
 */
public final class ImageIndexing implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ImageIndexing.class);

  /**
   * The bundled image model (unpacked into {@code modelCache}) and Tesseract as each table's image
   * settings ask.
   */
  public static ImageIndexing bundled(Path modelCache) {
    return new ImageIndexing(
        () -> DjlImageEmbedder.bundled(modelCache), ImageModel.stamp(), ImageIndexing::tesseract);
  }

  /** Tesseract as {@code images.ocr} asks: required, used when installed, or not at all. */
  static Ocr tesseract(ImagesConfig config) {
    if (config.ocr() == OcrMode.OFF) {
      return Ocr.NONE;
    }
    Optional<TesseractOcr> found =
        TesseractOcr.find(
            "tesseract", config.ocrLanguages(), Duration.ofSeconds(config.ocrTimeoutSeconds()));
    if (found.isPresent()) {
      return found.get();
    }
    String missing =
        "tesseract with the language(s) "
            + config.ocrLanguages()
            + " was not found (Debian: apt-get install tesseract-ocr tesseract-ocr-eng)";
    if (config.ocr() == OcrMode.ON) {
      throw new ConfigException("images.ocr", "is on, but " + missing);
    }
    LOG.warn("images.ocr is auto and {}: images are described by their labels only", missing);
    return Ocr.NONE;
  }

  /** Labels kept per image: enough for a description, few enough to stay readable. */
  static final int TOP_LABELS = 5;

  private final Supplier<ImageEmbedder> loader;
  private final String imageModel;
  private final Function<ImagesConfig, Ocr> ocrs;
  private final Map<ImagesConfig, Ocr> ocrByConfig = new ConcurrentHashMap<>();
  private ImageEmbedder model;
  private int modelCalls;

  /**
   * @param loader loads the image model; called at most once
   * @param imageModel the stamp of the model {@code loader} loads, known without loading it
   * @param ocrs the OCR engine for a table's image settings; asked once per distinct settings
   */
  public ImageIndexing(
      Supplier<ImageEmbedder> loader, String imageModel, Function<ImagesConfig, Ocr> ocrs) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.imageModel = Objects.requireNonNull(imageModel, "imageModel");
    this.ocrs = Objects.requireNonNull(ocrs, "ocrs");
  }

  public String imageModel() {
    return imageModel;
  }

  /** The OCR engine for a table with these image settings. */
  public Ocr ocr(ImagesConfig config) {
    return ocrByConfig.computeIfAbsent(config, ocrs);
  }

  /** The stamps that shape a table's image rows, for its settings fingerprint. */
  public String fingerprint(ImagesConfig config) {
    return imageModel + " ocr=" + ocr(config).stamp();
  }

  /**
   * Vectors and rounded labels, one per image, in order; loads the model on first use. Public for
   * the quality gate, which re-embeds a sample of images to check their stored vectors.
   */
  public synchronized List<ImageEmbedding> embed(List<BufferedImage> images) {
    if (images.isEmpty()) {
      return List.of();
    }
    if (model == null) {
      model = loader.get();
      if (!model.stamp().equals(imageModel)) {
        throw new IllegalStateException(
            "image model loaded as " + model.stamp() + ", configured as " + imageModel);
      }
    }
    modelCalls += images.size();
    return model.embed(images, TOP_LABELS).stream()
        .map(e -> new ImageEmbedding(e.vector(), ImageLabels.rounded(e.labels())))
        .toList();
  }

  /** Images sent to the model since start: tests and benchmarks count them. */
  public synchronized int modelCalls() {
    return modelCalls;
  }

  @Override
  public synchronized void close() {
    if (model != null) {
      model.close();
      model = null;
    }
  }
}
