package io.lakesync.embed;

import java.awt.image.BufferedImage;
import java.util.List;

/** Turns decoded images into unit-length vectors and ImageNet labels with one model. */
public interface ImageEmbedder extends AutoCloseable {
  /** {@code id@version} of the model, stamped on every image vector. */
  String stamp();

  /** The length of its image vectors. */
  int dimension();

  /** One result per image, in input order, each with at most {@code topK} labels. */
  List<ImageEmbedding> embed(List<BufferedImage> images, int topK);

  @Override
  void close();
}
