package io.lakesync.embed;

/**
 * Encodes a text query into an image model's space, for models that have one (a CLIP-style dual
 * encoder); the bundled image model has none.
 */
public interface TextQueryEncoder {
  /** The query's unit-length vector, comparable with {@code image_vector}. */
  float[] encode(String query);
}
