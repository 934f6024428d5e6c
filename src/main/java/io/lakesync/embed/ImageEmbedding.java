package io.lakesync.embed;

import java.util.List;
import java.util.Objects;

/**
 * What the image model says about one image.
 *
 * @param vector the L2-normalised embedding ({@link ImageModel#DIMENSION} floats): for
 *     image-to-image similarity (near duplicates, "more like this"), not comparable with text
 *     vectors
 * @param labels the most probable ImageNet classes, most probable first
 */
public record ImageEmbedding(float[] vector, List<Label> labels) {
  public ImageEmbedding {
    Objects.requireNonNull(vector, "vector");
    labels = List.copyOf(labels);
  }

  /** An ImageNet class name and the softmax probability the model gives it. */
  public record Label(String name, float probability) {
    public Label {
      Objects.requireNonNull(name, "name");
    }
  }
}
