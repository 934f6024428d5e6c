package io.lakesync.sync;

import io.lakesync.config.ConfigException;
import io.lakesync.config.DualEncoderConfig;
import io.lakesync.config.ImagesConfig;
import io.lakesync.config.OcrMode;
import io.lakesync.embed.DjlImageEmbedder;
import io.lakesync.embed.ImageEmbedder;
import io.lakesync.embed.ImageEmbedding;
import io.lakesync.embed.ImageModel;
import io.lakesync.embed.ModelFileSource;
import io.lakesync.embed.ModelFiles;
import io.lakesync.embed.OnnxDualEncoder;
import io.lakesync.embed.TextQueryEncoder;
import io.lakesync.extract.Ocr;
import io.lakesync.extract.TesseractOcr;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * The models a sync uses for images, shared by every table: the bundled image model (or a table's
 * own dual encoder), each loaded on the first image that needs it (a deployment without images
 * never pays for it), and the OCR engine each table's settings ask for.
 */
public final class ImageIndexing implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ImageIndexing.class);

  /** Labels kept per image: enough for a description, few enough to stay readable. */
  static final int TOP_LABELS = 5;

  private final Model bundled;

  /** The bundled model's vector length when known without loading it; 0 otherwise. */
  private final int bundledDimension;

  private final Function<String, Path> files;
  private final Function<ImagesConfig, Ocr> ocrs;
  private final Map<ImagesConfig, Ocr> ocrByConfig = new ConcurrentHashMap<>();
  private final Map<DualEncoderConfig, Model> dualEncoders = new ConcurrentHashMap<>();
  private int modelCalls;

  /**
   * @param loader loads the bundled image model; called at most once
   * @param imageModel the stamp of the model {@code loader} loads, known without loading it
   * @param ocrs the OCR engine for a table's image settings; asked once per distinct settings
   */
  public ImageIndexing(
      Supplier<ImageEmbedder> loader, String imageModel, Function<ImagesConfig, Ocr> ocrs) {
    this(
        loader,
        imageModel,
        ocrs,
        location -> {
          throw new ConfigException(
              "images.dual_encoder", "is not available here: " + location + " cannot be read");
        });
  }

  /**
   * @param files a model file's local copy, for a configured location (a path or a lakeFS URI)
   */
  public ImageIndexing(
      Supplier<ImageEmbedder> loader,
      String imageModel,
      Function<ImagesConfig, Ocr> ocrs,
      Function<String, Path> files) {
    this(loader, imageModel, 0, ocrs, files);
  }

  private ImageIndexing(
      Supplier<ImageEmbedder> loader,
      String imageModel,
      int bundledDimension,
      Function<ImagesConfig, Ocr> ocrs,
      Function<String, Path> files) {
    this.bundled = new Model(Objects.requireNonNull(imageModel, "imageModel"), loader);
    this.bundledDimension = bundledDimension;
    this.ocrs = Objects.requireNonNull(ocrs, "ocrs");
    this.files = Objects.requireNonNull(files, "files");
  }

  /**
   * The bundled image model (unpacked into {@code modelCache}), dual encoders from {@code files},
   * and Tesseract as each table's image settings ask.
   */
  public static ImageIndexing bundled(Path modelCache, Function<String, Path> files) {
    return new ImageIndexing(
        () -> DjlImageEmbedder.bundled(modelCache),
        ImageModel.stamp(),
        ImageModel.DIMENSION,
        ImageIndexing::tesseract,
        files);
  }

  /** As above, with dual encoders read from local paths only. */
  public static ImageIndexing bundled(Path modelCache) {
    return bundled(
        modelCache,
        location -> ModelFileSource.local("images.dual_encoder").fetch(location).path());
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

  /** The bundled image model's stamp. */
  public String imageModel() {
    return bundled.stamp;
  }

  /** The stamp of the image model a table with these settings uses. */
  public String imageModel(ImagesConfig config) {
    return model(config).stamp;
  }

  /**
   * The length of the image vectors a table with these settings gets: known for the bundled model,
   * a dual encoder's once loaded. The table is created with it even when its first sync holds no
   * image, so the first image fits.
   */
  public int dimension(ImagesConfig config) {
    Model model = model(config);
    return model == bundled && bundledDimension > 0 ? bundledDimension : model.loaded().dimension();
  }

  /** The OCR engine for a table with these image settings. */
  public Ocr ocr(ImagesConfig config) {
    return ocrByConfig.computeIfAbsent(config, ocrs);
  }

  /** The stamps that shape a table's image rows, for its settings fingerprint. */
  public String fingerprint(ImagesConfig config) {
    return imageModel(config) + " ocr=" + ocr(config).stamp();
  }

  /**
   * The text side of the table's image model, for models that have one (a dual encoder): text
   * queries then search {@code image_vector} too.
   */
  public Optional<TextQueryEncoder> textEncoder(ImagesConfig config) {
    return model(config).loaded() instanceof TextQueryEncoder encoder
        ? Optional.of(encoder)
        : Optional.empty();
  }

  /**
   * Vectors and rounded labels, one per image, in order, with the model {@code config} names; loads
   * it on first use. Public for image-to-image search, which embeds its query image exactly as the
   * sync embeds images, and for the quality gate, which re-embeds a sample.
   */
  public List<ImageEmbedding> embed(ImagesConfig config, List<BufferedImage> images) {
    if (images.isEmpty()) {
      return List.of();
    }
    Model model = model(config);
    ImageEmbedder embedder = model.loaded();
    synchronized (this) {
      modelCalls += images.size();
    }
    return embedder.embed(images, TOP_LABELS).stream()
        .map(e -> new ImageEmbedding(e.vector(), ImageLabels.rounded(e.labels())))
        .toList();
  }

  /** Images sent to an image model since start: tests and benchmarks count them. */
  public synchronized int modelCalls() {
    return modelCalls;
  }

  private Model model(ImagesConfig config) {
    DualEncoderConfig dual = config.dualEncoder();
    return dual == null ? bundled : dualEncoders.computeIfAbsent(dual, this::dualEncoder);
  }

  /** Reads the files once to stamp the pair by content; loads it on the first image. */
  private Model dualEncoder(DualEncoderConfig config) {
    Path image = files.apply(config.imageOnnx());
    Path text = files.apply(config.textOnnx());
    Path tokenizer = files.apply(config.tokenizer());
    String stamp = config.name() + "@" + sha256(image, text, tokenizer).substring(0, 16);
    return new Model(
        stamp,
        () -> {
          // Loaded later than stamped (on the first image): files that changed meanwhile (a moved
          // ref, another process refreshing the copy) must not pass for the stamped model.
          if (!sha256(image, text, tokenizer).startsWith(stamp.substring(stamp.indexOf('@') + 1))) {
            throw new IllegalStateException(
                "the dual encoder's files changed since they were stamped "
                    + stamp
                    + ": restart lakesync to stamp and load the new model");
          }
          return OnnxDualEncoder.load(image, text, tokenizer, stamp);
        });
  }

  private static String sha256(Path... paths) {
    try {
      return ModelFiles.sha256(paths);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dual encoder's files", e);
    }
  }

  @Override
  public void close() {
    bundled.close();
    dualEncoders.values().forEach(Model::close);
  }

  /** One image model: its stamp at once, the model itself on first use. */
  private static final class Model {
    private final String stamp;
    private final Supplier<ImageEmbedder> loader;
    private ImageEmbedder loaded;

    Model(String stamp, Supplier<ImageEmbedder> loader) {
      this.stamp = stamp;
      this.loader = Objects.requireNonNull(loader, "loader");
    }

    synchronized ImageEmbedder loaded() {
      if (loaded == null) {
        loaded = loader.get();
        if (!loaded.stamp().equals(stamp)) {
          ImageEmbedder wrong = loaded;
          loaded = null;
          wrong.close();
          throw new IllegalStateException(
              "image model loaded as " + wrong.stamp() + ", configured as " + stamp);
        }
      }
      return loaded;
    }

    synchronized void close() {
      if (loaded != null) {
        loaded.close();
        loaded = null;
      }
    }
  }
}
