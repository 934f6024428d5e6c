package io.lakesync.embed;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's CLIP-style dual encoder: an image encoder and a text encoder that map into one space,
 * both ONNX, run by DJL on ONNX Runtime. With one configured, an image's {@code image_vector} comes
 * from the image encoder and a text query is encoded by the text encoder and compared with the
 * image vectors directly: images are found by what they show, not only by labels and OCR.
 *
 * <p>The contract (docs/images.md): the image encoder takes input {@code image}, float32 {@code
 * [batch, 3, 224, 224]}, RGB in [0, 1] after the same resize and centre crop as the bundled model
 * (its own normalisation inside the graph), and returns {@code [batch, D]} as its first output; the
 * text encoder takes int64 {@code input_ids} and {@code attention_mask} {@code [batch, tokens]}
 * from the given Hugging Face {@code tokenizer.json} and returns {@code [batch, D]} as its first
 * output. Both are L2-normalised here. It has no labels: its images are described by their OCR
 * text.
 */
public final class OnnxDualEncoder implements ImageEmbedder, TextQueryEncoder {
  static {
    DjlSettings.offline();
  }

  private final String stamp;
  private final ZooModel<NDList, NDList> images;
  private final ZooModel<NDList, NDList> texts;
  private final Predictor<NDList, NDList> imagePredictor;
  private final Predictor<NDList, NDList> textPredictor;
  private final HuggingFaceTokenizer tokenizer;
  private int dimension;

  private OnnxDualEncoder(
      String stamp,
      ZooModel<NDList, NDList> images,
      ZooModel<NDList, NDList> texts,
      HuggingFaceTokenizer tokenizer) {
    this.stamp = stamp;
    this.images = images;
    this.texts = texts;
    this.imagePredictor = images.newPredictor();
    this.textPredictor = texts.newPredictor();
    this.tokenizer = tokenizer;
  }

  /**
   * Loads the pair; {@code stamp} names it in every row (the caller derives it from the files'
   * content, so a changed model can never pass for the old one).
   */
  public static OnnxDualEncoder load(
      Path imageOnnx, Path textOnnx, Path tokenizerJson, String stamp) {
    Engine.getEngine(DjlSettings.ENGINE);
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      HuggingFaceTokenizer tokenizer =
          opened(
              opened,
              HuggingFaceTokenizer.builder()
                  .optTokenizerPath(tokenizerJson)
                  .optPadding(false)
                  .optAddSpecialTokens(true)
                  .optTruncation(true)
                  .optMaxLength(77)
                  .build());
      ZooModel<NDList, NDList> images = opened(opened, DjlSettings.loadOnnx(imageOnnx));
      ZooModel<NDList, NDList> texts = opened(opened, DjlSettings.loadOnnx(textOnnx));
      OnnxDualEncoder pair = opened(opened, new OnnxDualEncoder(stamp, images, texts, tokenizer));
      pair.probe();
      return pair;
    } catch (IOException e) {
      closeAll(opened);
      throw new UncheckedIOException("cannot read dual encoder " + stamp, e);
    } catch (ModelNotFoundException | MalformedModelException | RuntimeException e) {
      // A pair that failed halfway holds native sessions: free them, or every retry leaks one.
      closeAll(opened);
      throw new IllegalStateException(
          "cannot load dual encoder " + stamp + ": " + e.getMessage(), e);
    }
  }

  private static <T extends AutoCloseable> T opened(List<AutoCloseable> opened, T resource) {
    opened.add(0, resource);
    return resource;
  }

  private static void closeAll(List<AutoCloseable> opened) {
    for (AutoCloseable resource : opened) {
      try {
        resource.close();
      } catch (Exception e) {
        // Already failing: the load's own error is the one to report.
      }
    }
  }

  /**
   * Both sides answer once, with one vector each of one length: a text encoder that returns every
   * token's state ({@code [batch, tokens, D]}) instead of one vector is refused here, by name, not
   * later as a table of odd vectors.
   */
  private void probe() {
    BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    int images = embed(List.of(grey), 0).get(0).vector().length;
    int texts = encode("a photo").length;
    if (images != texts || images == 0) {
      throw new IllegalStateException(
          "its image encoder gives "
              + images
              + " values per image and its text encoder "
              + texts
              + " per text: both must give one vector of one length ([batch, D])");
    }
    dimension = images;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String stamp() {
    return stamp;
  }

  @Override
  public synchronized List<ImageEmbedding> embed(List<BufferedImage> batch, int topK) {
    int size = ImageModel.INPUT_SIZE;
    int pixels = 3 * size * size;
    List<ImageEmbedding> out = new ArrayList<>(batch.size());
    if (batch.isEmpty()) {
      return out;
    }
    float[] tensor = new float[batch.size() * pixels];
    for (int r = 0; r < batch.size(); r++) {
      ImagePreprocessing.tensor(batch.get(r), tensor, r * pixels);
    }
    try (NDManager manager = images.getNDManager().newSubManager()) {
      NDArray input = manager.create(tensor, new Shape(batch.size(), 3, size, size));
      input.setName("image");
      for (float[] vector : rows(imagePredictor.predict(new NDList(input)).get(0), batch.size())) {
        out.add(new ImageEmbedding(vector, List.of()));
      }
      return out;
    } catch (TranslateException e) {
      throw new IllegalStateException("image encoding failed with " + stamp, e);
    }
  }

  @Override
  public synchronized float[] encode(String query) {
    Encoding encoding = tokenizer.encode(query);
    long[] ids = encoding.getIds();
    long[] mask = encoding.getAttentionMask();
    try (NDManager manager = texts.getNDManager().newSubManager()) {
      NDArray inputIds = manager.create(ids, new Shape(1, ids.length));
      inputIds.setName("input_ids");
      NDArray attention = manager.create(mask, new Shape(1, mask.length));
      attention.setName("attention_mask");
      return rows(textPredictor.predict(new NDList(inputIds, attention)).get(0), 1).get(0);
    } catch (TranslateException e) {
      throw new IllegalStateException("text encoding failed with " + stamp, e);
    }
  }

  /** The first output, one L2-normalised row per input; it must be {@code [count, D]}. */
  private static List<float[]> rows(NDArray output, int count) {
    if (output.getShape().dimension() != 2 || output.getShape().get(0) != count) {
      throw new IllegalStateException(
          "the encoder's first output has shape " + output.getShape() + ", not [batch, D]");
    }
    float[] flat = output.toFloatArray();
    int dimension = flat.length / count;
    List<float[]> rows = new ArrayList<>(count);
    for (int r = 0; r < count; r++) {
      float[] v = new float[dimension];
      System.arraycopy(flat, r * dimension, v, 0, dimension);
      double sum = 0;
      for (float x : v) {
        sum += (double) x * x;
      }
      float norm = (float) Math.sqrt(sum);
      for (int i = 0; norm > 0 && i < v.length; i++) {
        v[i] /= norm;
      }
      rows.add(v);
    }
    return rows;
  }

  @Override
  public synchronized void close() {
    imagePredictor.close();
    textPredictor.close();
    images.close();
    texts.close();
    tokenizer.close();
  }
}
