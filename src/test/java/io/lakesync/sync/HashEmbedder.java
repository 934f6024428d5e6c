package io.lakesync.sync;

import io.lakesync.chunk.TokenSpans;
import io.lakesync.chunk.WhitespaceTokenizer;
import io.lakesync.config.EmbeddingModel;
import io.lakesync.embed.TextEmbedder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * A deterministic stand-in for the model in engine tests (the real model is covered by the DJL
 * tests and the ITs): a unit vector derived from the text's SHA-256, words as tokens, and a count
 * of every text it was asked to embed.
 */
public final class HashEmbedder implements TextEmbedder {
  static final EmbeddingModel MODEL = new EmbeddingModel("hash", "1", 8, 256, "none", "none");

  private final WhitespaceTokenizer words = new WhitespaceTokenizer();
  private int calls;

  public int calls() {
    return calls;
  }

  @Override
  public EmbeddingModel model() {
    return MODEL;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    calls += texts.size();
    return texts.stream().map(HashEmbedder::vector).toList();
  }

  @Override
  public int countTokens(String text) {
    return words.spans(text).count() + 2;
  }

  @Override
  public TokenSpans spans(String text) {
    return words.spans(text);
  }

  @Override
  public void close() {}

  static float[] vector(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      float[] v = new float[8];
      double norm = 0;
      for (int i = 0; i < 8; i++) {
        v[i] = hash[i] + 0.5f;
        norm += v[i] * v[i];
      }
      for (int i = 0; i < 8; i++) {
        v[i] /= (float) Math.sqrt(norm);
      }
      return v;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
