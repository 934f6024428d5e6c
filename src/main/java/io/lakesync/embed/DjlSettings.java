package io.lakesync.embed;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import java.io.IOException;
import java.nio.file.Path;

/** What every DJL model in lakesync shares: the engine, and no network. */
final class DjlSettings {
  static final String ENGINE = "OnnxRuntime";

  private DjlSettings() {}

  /**
   * DJL phones home (telemetry, instance metadata) unless told not to. lakesync runs where the
   * network may be closed and must never download: force both off unless the operator decided.
   */
  static void offline() {
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("ai.djl.offline", "true");
  }

  /**
   * An ONNX graph on ONNX Runtime, inputs and outputs as raw arrays (lakesync pre- and
   * post-processes), each run spread over all cores.
   */
  static ZooModel<NDList, NDList> loadOnnx(Path file)
      throws IOException, ModelNotFoundException, MalformedModelException {
    return loadOnnx(file, 0, EmbeddingDevice.CPU);
  }

  /**
   * As {@link #loadOnnx(Path)}, each run on at most {@code intraOpThreads} threads (0: ONNX
   * Runtime's default, one per core), on {@code device} (a GPU runs the graph through ONNX
   * Runtime's CUDA provider). One thread runs the graph on the caller's thread, so several callers
   * can each use a core.
   */
  static ZooModel<NDList, NDList> loadOnnx(Path file, int intraOpThreads, EmbeddingDevice device)
      throws IOException, ModelNotFoundException, MalformedModelException {
    Criteria.Builder<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(file)
            .optEngine(ENGINE)
            .optDevice(device.djl())
            .optTranslator(new NoopTranslator());
    if (intraOpThreads > 0) {
      criteria
          .optOption("intraOpNumThreads", Integer.toString(intraOpThreads))
          .optOption("interOpNumThreads", "1");
    }
    return criteria.build().loadModel();
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null && System.getenv(property) == null) {
      System.setProperty(property, value);
    }
  }
}
