package io.lakesync.embed;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where text models run: a CUDA GPU when this build's ONNX Runtime can use one and the machine has
 * one, the CPU otherwise. The stock build carries ONNX Runtime's CPU library, so it always runs on
 * the CPU; the GPU image (docs/models.md) swaps in {@code onnxruntime_gpu}. The GPU is never
 * required: {@code LAKESYNC_EMBEDDING_DEVICE} ({@code auto}, the default; {@code cpu}; {@code gpu})
 * can pin the choice, and {@code gpu} where none is usable stops the start with the reason.
 */
public enum EmbeddingDevice {
  CPU,
  GPU;

  public static final String ENV = "LAKESYNC_EMBEDDING_DEVICE";

  /** Texts per GPU call: the device is idle between calls, and sorting keeps padding low. */
  static final int GPU_BATCH_SIZE = 64;

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingDevice.class);
  private static EmbeddingDevice selected;

  /**
   * The choice for this process, made (and logged) once.
   *
   * @throws IllegalStateException when {@code gpu} is asked for and none is usable
   */
  public static synchronized EmbeddingDevice selected() {
    if (selected == null) {
      Engine engine = Engine.getEngine(DjlSettings.ENGINE);
      // Asked of ONNX Runtime's build first: DJL's own probe tries to add the CUDA provider
      // and warns on every CPU build. Only a CUDA build is probed further: it may lack the
      // CUDA or cuDNN libraries at run time, and then cannot use the GPU it sees.
      boolean cudaBuild =
          OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)
              && engine.hasCapability(StandardCapabilities.CUDA);
      int gpus = cudaBuild ? engine.getGpuCount() : 0;
      selected = choose(System.getenv(ENV), cudaBuild, gpus);
      LOG.info(
          "text models run on the {} (ONNX Runtime {} with{} CUDA, {} GPU(s) seen; {}={})",
          selected.label(),
          engine.getVersion(),
          cudaBuild ? "" : "out",
          gpus,
          ENV,
          System.getenv().getOrDefault(ENV, "auto"));
    }
    return selected;
  }

  /**
   * @param setting the environment's {@code auto}, {@code cpu} or {@code gpu}; null means auto
   * @param cudaBuild whether ONNX Runtime was built with CUDA (the GPU package)
   * @param gpus CUDA devices the machine has
   */
  static EmbeddingDevice choose(String setting, boolean cudaBuild, int gpus) {
    String asked = setting == null || setting.isBlank() ? "auto" : setting.toLowerCase(Locale.ROOT);
    boolean usable = cudaBuild && gpus > 0;
    switch (asked) {
      case "auto":
        return usable ? GPU : CPU;
      case "cpu":
        return CPU;
      case "gpu":
        if (!usable) {
          throw new IllegalStateException(
              ENV
                  + "=gpu, but "
                  + (cudaBuild
                      ? "no CUDA device is visible"
                      : "this build's ONNX Runtime has no CUDA support (use the GPU image)"));
        }
        return GPU;
      default:
        throw new IllegalStateException(ENV + " must be auto, cpu or gpu: '" + setting + "'");
    }
  }

  /** The DJL device a model is loaded on. */
  Device djl() {
    return this == GPU ? Device.gpu() : Device.cpu();
  }

  /** As metrics and logs name it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
