package io.lakesync.embed;

import java.util.Map;

/**
 * How many batches the text embedder runs at once: one per core the JVM may use (in a container,
 * its CPU limit), at most {@value #DEFAULT_MAX}, unless {@value DjlTextEmbedder#THREADS_ENV} says
 * otherwise.
 *
 * <p>The cap is for memory, not speed: each batch in flight holds its own activations in ONNX
 * Runtime's native memory, outside the heap limit, and a pod without a CPU limit sees every core of
 * its node. The Kubernetes manifests set the variable from the pod's CPU request.
 */
public final class EmbeddingThreads {
  static final int DEFAULT_MAX = 8;

  private EmbeddingThreads() {}

  public static int fromEnvironment() {
    return resolve(System.getenv(), Runtime.getRuntime().availableProcessors());
  }

  static int resolve(Map<String, String> environment, int cores) {
    String value = environment.get(DjlTextEmbedder.THREADS_ENV);
    if (value == null || value.isBlank()) {
      return Math.max(1, Math.min(cores, DEFAULT_MAX));
    }
    try {
      int threads = Integer.parseInt(value.strip());
      if (threads >= 1) {
        return threads;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        DjlTextEmbedder.THREADS_ENV + " must be a whole number of at least 1, not '" + value + "'");
  }
}
