package io.lakesync.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.lakesync.config.EmbeddingModel;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's baseline: the same tokenizer, the same length-sorted batches and the same pooling
 * as {@link DjlTextEmbedder}, but calling ONNX Runtime directly. The ratio of the two is what DJL
 * costs.
 */
public final class RawOrtEmbedder implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final int batchSize;
  private final int dimension;

  public RawOrtEmbedder(EmbeddingModel model, Path cache, int batchSize)
      throws IOException, OrtException {
    ModelFiles files = ModelFiles.materialize(model, cache);
    this.tokenizer =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(files.tokenizer())
            .optPadding(false)
            .optTruncation(true)
            .optMaxLength(model.maxTokens())
            .build();
    this.env = OrtEnvironment.getEnvironment();
    this.session = env.createSession(files.onnx().toString(), new OrtSession.SessionOptions());
    this.batchSize = batchSize;
    this.dimension = model.dimension();
  }

  public float[][] embed(List<String> texts) throws OrtException {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    Integer[] order = new Integer[texts.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
    float[][] out = new float[texts.size()][];
    for (int start = 0; start < order.length; start += batchSize) {
      int end = Math.min(order.length, start + batchSize);
      int rows = end - start;
      int width = 0;
      for (int i = start; i < end; i++) {
        width = Math.max(width, encodings[order[i]].getIds().length);
      }
      long[] ids = new long[rows * width];
      long[] mask = new long[rows * width];
      long[] types = new long[rows * width];
      for (int r = 0; r < rows; r++) {
        Encoding e = encodings[order[start + r]];
        System.arraycopy(e.getIds(), 0, ids, r * width, e.getIds().length);
        System.arraycopy(e.getAttentionMask(), 0, mask, r * width, e.getAttentionMask().length);
        System.arraycopy(e.getTypeIds(), 0, types, r * width, e.getTypeIds().length);
      }
      long[] shape = {rows, width};
      try (OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
          OnnxTensor b = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
          OnnxTensor c = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
          OrtSession.Result result =
              session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
        float[] hidden = ((OnnxTensor) result.get(0)).getFloatBuffer().array();
        List<float[]> vectors = Pooling.meanPoolNormalized(hidden, mask, rows, width, dimension);
        for (int r = 0; r < rows; r++) {
          out[order[start + r]] = vectors.get(r);
        }
      }
    }
    return out;
  }

  @Override
  public void close() throws OrtException {
    session.close();
    tokenizer.close();
  }
}
