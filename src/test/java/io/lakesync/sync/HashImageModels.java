package io.lakesync.sync;

import io.lakesync.embed.ImageEmbedder;
import io.lakesync.embed.ImageEmbedding;
import io.lakesync.extract.Ocr;
import io.lakesync.extract.OcrResult;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic stand-ins for the image model and OCR in the engine's property test (the real ones
 * are covered by their own tests and the ITs): vectors, labels and text derived from a hash of the
 * pixels, some texts long enough to span several chunks.
 */
final class HashImageModels {
  private static final List<String> LABELS =
      List.of("tabby cat", "espresso", "rocket", "horse", "envelope", "screen", "umbrella");

  private HashImageModels() {}

  static ImageIndexing indexing() {
    return new ImageIndexing(Embedder::new, "hash-image@1", config -> new HashOcr());
  }

  private static final class Embedder implements ImageEmbedder {
    @Override
    public String stamp() {
      return "hash-image@1";
    }

    @Override
    public int dimension() {
      return 16;
    }

    @Override
    public List<ImageEmbedding> embed(List<BufferedImage> images, int topK) {
      List<ImageEmbedding> out = new ArrayList<>();
      for (BufferedImage image : images) {
        byte[] hash = hash(image);
        float[] vector = new float[16];
        double norm = 0;
        for (int i = 0; i < vector.length; i++) {
          vector[i] = hash[i] + 0.5f;
          norm += vector[i] * vector[i];
        }
        for (int i = 0; i < vector.length; i++) {
          vector[i] /= (float) Math.sqrt(norm);
        }
        List<ImageEmbedding.Label> labels = new ArrayList<>();
        float left = 1f;
        for (int k = 0; k < topK; k++) {
          // Irrational-looking probabilities: rounding them must not change a description.
          float p = left * (0.3f + (hash[16 + k] & 0x3f) / 137f);
          labels.add(
              new ImageEmbedding.Label(LABELS.get((hash[24 + k] & 0xff) % LABELS.size()), p));
          left -= p;
        }
        out.add(new ImageEmbedding(vector, labels));
      }
      return out;
    }

    @Override
    public void close() {}
  }

  private static final class HashOcr implements Ocr {
    @Override
    public String stamp() {
      return "hash-ocr@1";
    }

    @Override
    public OcrResult read(BufferedImage image) {
      byte[] hash = hash(image);
      int paragraphs = (hash[0] & 0xff) % 4;
      StringBuilder text = new StringBuilder();
      for (int p = 0; p < paragraphs; p++) {
        text.append(p == 0 ? "" : "\n\n");
        for (int w = 0; w < 10 + (hash[p + 1] & 0x3f); w++) {
          text.append(w == 0 ? "" : " ").append("ocr").append(hash[(p * 7 + w) % 32] & 0xff);
        }
      }
      return new OcrResult.Read(text.toString(), Duration.ZERO);
    }
  }

  private static byte[] hash(BufferedImage image) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      ByteBuffer buffer = ByteBuffer.allocate(4);
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          buffer.clear();
          digest.update(buffer.putInt(image.getRGB(x, y)).array());
        }
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
