package io.lakesync.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The bundled image model called through ONNX Runtime directly, on tensors preprocessed beforehand:
 * the baseline that image benchmarks compare lakesync's whole image path with.
 */
public final class RawOrtImageModel implements AutoCloseable {
  private static final int PIXELS = 3 * ImageModel.INPUT_SIZE * ImageModel.INPUT_SIZE;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final int batchSize;

  /** The model that {@link DjlImageEmbedder#bundled} unpacks into {@code modelCache}. */
  public RawOrtImageModel(Path modelCache, int batchSize) throws OrtException {
    this.env = OrtEnvironment.getEnvironment();
    this.session =
        env.createSession(
            ImageModel.directory(modelCache).resolve(ImageModel.MODEL_FILE).toString(),
            new OrtSession.SessionOptions());
    this.batchSize = batchSize;
  }

  /** lakesync's preprocessing of {@code images}, one {@code 3 × 224 × 224} block each. */
  public static float[] tensors(List<BufferedImage> images) {
    float[] out = new float[images.size() * PIXELS];
    for (int i = 0; i < images.size(); i++) {
      ImagePreprocessing.tensor(images.get(i), out, i * PIXELS);
    }
    return out;
  }

  /** Runs the model over {@code tensors} in batches; returns the first embedding value (a sink). */
  public float run(float[] tensors) throws OrtException {
    int images = tensors.length / PIXELS;
    float sink = 0;
    int size = ImageModel.INPUT_SIZE;
    for (int start = 0; start < images; start += batchSize) {
      int rows = Math.min(batchSize, images - start);
      FloatBuffer input = FloatBuffer.wrap(tensors, start * PIXELS, rows * PIXELS).slice();
      try (OnnxTensor tensor =
              OnnxTensor.createTensor(env, input, new long[] {rows, 3, size, size});
          OrtSession.Result result = session.run(Map.of("image", tensor))) {
        float[][] embeddings = (float[][]) result.get("embedding").orElseThrow().getValue();
        sink += embeddings[0][0];
      }
    }
    return sink;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
