package io.lakesync.embed;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Image embeddings and ImageNet labels with DJL on ONNX Runtime, from the model {@code
 * bin/image-model} converts and caches (see {@link ImageModel}). Preprocessing runs in plain Java
 * ({@link ImagePreprocessing}), because DJL's ONNX Runtime arrays support almost no tensor
 * operations; the embedding is L2-normalised here.
 *
 * <p>Nothing is downloaded: a missing model fails at load with the command that makes it, and a
 * model file whose sha256 differs from the pinned one is refused.
 */
public final class DjlImageEmbedder implements ImageEmbedder {
  public static final int DEFAULT_BATCH_SIZE = 8;

  static {
    DjlSettings.offline();
  }

  private final int batchSize;
  private final List<String> labels;
  private final ZooModel<NDList, NDList> onnx;
  private final Predictor<NDList, NDList> predictor;

  private DjlImageEmbedder(int batchSize, List<String> labels, ZooModel<NDList, NDList> onnx) {
    this.batchSize = batchSize;
    this.labels = labels;
    this.onnx = onnx;
    this.predictor = onnx.newPredictor();
  }

  /**
   * Loads the model the jar carries, unpacked into {@code modelCache} (where {@code
   * bin/image-model} caches it too, so a source checkout run finds it there already).
   */
  public static DjlImageEmbedder bundled(Path modelCache) {
    if (DjlImageEmbedder.class
            .getClassLoader()
            .getResource(ImageModel.resource(ImageModel.MODEL_FILE))
        != null) {
      ModelFiles.unpack(
          ImageModel.stamp(),
          Map.of(
              ImageModel.MODEL_FILE, ImageModel.resource(ImageModel.MODEL_FILE),
              ImageModel.LABELS_FILE, ImageModel.resource(ImageModel.LABELS_FILE)),
          modelCache);
    }
    return load(modelCache);
  }

  /** Loads the model from {@code modelCache} (the root that {@code bin/image-model} fills). */
  public static DjlImageEmbedder load(Path modelCache) {
    return load(modelCache, DEFAULT_BATCH_SIZE);
  }

  public static DjlImageEmbedder load(Path modelCache, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1");
    }
    Path dir = ImageModel.directory(modelCache);
    Path model = dir.resolve(ImageModel.MODEL_FILE);
    Path labelFile = dir.resolve(ImageModel.LABELS_FILE);
    if (!Files.isRegularFile(model) || !Files.isRegularFile(labelFile)) {
      throw new IllegalStateException(
          "image model "
              + ImageModel.stamp()
              + " not found in "
              + dir
              + ": run bin/image-model (with LAKESYNC_CACHE set to the cache root, if not the"
              + " default ~/.cache/lakesync) to download and convert it");
    }
    // Must come before anything else touches ONNX Runtime, or DJL cannot set its thread pool.
    Engine.getEngine(DjlSettings.ENGINE);
    try {
      String sha256 = ModelFiles.sha256(model);
      if (!sha256.equals(ImageModel.ONNX_SHA256)) {
        throw new IllegalStateException(
            model
                + " has sha256 "
                + sha256
                + ", not the pinned "
                + ImageModel.ONNX_SHA256
                + ": delete "
                + dir
                + " and run bin/image-model again");
      }
      List<String> names = Files.readAllLines(labelFile, StandardCharsets.UTF_8);
      if (names.size() != ImageModel.CLASSES) {
        throw new IllegalStateException(labelFile + " has " + names.size() + " labels, not 1000");
      }
      ZooModel<NDList, NDList> onnx = DjlSettings.loadOnnx(model);
      return new DjlImageEmbedder(batchSize, List.copyOf(names), onnx);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image model in " + dir, e);
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new IllegalStateException("cannot load image model " + ImageModel.stamp(), e);
    }
  }

  @Override
  public String stamp() {
    return ImageModel.stamp();
  }

  @Override
  public int dimension() {
    return ImageModel.DIMENSION;
  }

  /** The ImageNet class names in the model's order. */
  public List<String> labels() {
    return labels;
  }

  @Override
  public List<ImageEmbedding> embed(List<BufferedImage> images, int topK) {
    if (topK < 0) {
      throw new IllegalArgumentException("topK must not be negative");
    }
    int pixels = 3 * ImageModel.INPUT_SIZE * ImageModel.INPUT_SIZE;
    List<ImageEmbedding> results = new ArrayList<>(images.size());
    for (int start = 0; start < images.size(); start += batchSize) {
      int rows = Math.min(batchSize, images.size() - start);
      float[] tensor = new float[rows * pixels];
      for (int r = 0; r < rows; r++) {
        ImagePreprocessing.tensor(images.get(start + r), tensor, r * pixels);
      }
      results.addAll(run(tensor, rows, topK));
    }
    return results;
  }

  /**
   * Runs the model on an already preprocessed tensor ({@code rows × 3 × 224 × 224}, RGB in [0, 1]);
   * for tests that compare with a reference run on the same tensor.
   */
  synchronized List<ImageEmbedding> run(float[] tensor, int rows, int topK) {
    int size = ImageModel.INPUT_SIZE;
    try (NDManager manager = onnx.getNDManager().newSubManager()) {
      NDArray input = manager.create(tensor, new Shape(rows, 3, size, size));
      input.setName("image");
      NDList outputs = predictor.predict(new NDList(input));
      float[] embeddings = outputs.get("embedding").toFloatArray();
      float[] probabilities = outputs.get("probabilities").toFloatArray();
      List<ImageEmbedding> results = new ArrayList<>(rows);
      for (int r = 0; r < rows; r++) {
        float[] vector =
            Arrays.copyOfRange(
                embeddings, r * ImageModel.DIMENSION, (r + 1) * ImageModel.DIMENSION);
        normalize(vector);
        results.add(new ImageEmbedding(vector, top(probabilities, r * ImageModel.CLASSES, topK)));
      }
      return results;
    } catch (TranslateException e) {
      throw new IllegalStateException("image embedding failed with " + ImageModel.stamp(), e);
    }
  }

  private List<ImageEmbedding.Label> top(float[] probabilities, int offset, int k) {
    Integer[] order = new Integer[ImageModel.CLASSES];
    Arrays.setAll(order, i -> i);
    Arrays.sort(
        order, (a, b) -> Float.compare(probabilities[offset + b], probabilities[offset + a]));
    List<ImageEmbedding.Label> top = new ArrayList<>(k);
    for (int i = 0; i < Math.min(k, order.length); i++) {
      top.add(new ImageEmbedding.Label(labels.get(order[i]), probabilities[offset + order[i]]));
    }
    return top;
  }

  private static void normalize(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    float norm = (float) Math.sqrt(sum);
    if (norm > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] /= norm;
      }
    }
  }

  /** Synchronized with {@link #run}: closing never frees a session a batch is still using. */
  @Override
  public synchronized void close() {
    predictor.close();
    onnx.close();
  }
}
