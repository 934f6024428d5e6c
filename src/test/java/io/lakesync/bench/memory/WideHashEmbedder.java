package io.lakesync.bench.memory;

import io.lakesync.chunk.TokenSpans;
import io.lakesync.config.EmbeddingModel;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.sync.HashEmbedder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The unit tests' deterministic fast embedder (words as tokens), with vectors as wide as the real
 * model's (384 floats): a memory benchmark must hold, convert and write rows of the real size, or
 * it measures a tenth of the vector bytes.
 */
final class WideHashEmbedder implements TextEmbedder {
  static final EmbeddingModel MODEL = new EmbeddingModel("hash384", "1", 384, 256, "none", "none");

  private final HashEmbedder words = new HashEmbedder();

  @Override
  public EmbeddingModel model() {
    return MODEL;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    return texts.stream().map(WideHashEmbedder::vector).toList();
  }

  @Override
  public int countTokens(String text) {
    return words.countTokens(text);
  }

  @Override
  public TokenSpans spans(String text) {
    return words.spans(text);
  }

  @Override
  public void close() {}

  private static float[] vector(String text) {
    SplittableRandom random = new SplittableRandom(seed(text));
    float[] v = new float[MODEL.dimension()];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  private static long seed(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      long seed = 0;
      for (int i = 0; i < 8; i++) {
        seed = seed << 8 | (hash[i] & 0xff);
      }
      return seed;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
