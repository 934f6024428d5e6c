package io.lakesync.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models lakesync ships. A table names one by {@link EmbeddingModel#name()}; an unknown name
 * fails at start. The catalogue lives in {@code config} because the file's {@code model:} key is
 * checked against it; {@code embed} loads the model it names.
 */
public final class EmbeddingModels {
  public static final List<EmbeddingModel> BUNDLED =
      List.of(
          EmbeddingModel.ALL_MINILM_L6_V2,
          EmbeddingModel.ALL_MINILM_L6_V2_INT8,
          EmbeddingModel.BGE_SMALL_EN_V15,
          EmbeddingModel.BGE_SMALL_EN_V15_INT8);

  /**
   * Stamps earlier lakesync versions wrote for the same bytes (before stamps named the variant and
   * checksum). Their vectors are this model's: an upgraded lakesync rebuilds such a table once (its
   * settings fingerprint changed) but reuses every vector, and its gate does not take the upgrade
   * for a model change.
   */
  private static final Map<String, EmbeddingModel> FORMER_STAMPS =
      Map.of("all-MiniLM-L6-v2@langchain4j-1.20.0-beta30", EmbeddingModel.ALL_MINILM_L6_V2);

  private EmbeddingModels() {}

  public static EmbeddingModel byName(String key, String name) {
    return BUNDLED.stream()
        .filter(m -> m.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new ConfigException(
                    key,
                    "unknown model '"
                        + name
                        + "'; bundled: "
                        + BUNDLED.stream().map(EmbeddingModel::name).toList()
                        + " (or name your own with model_files)"));
  }

  /** The bundled model that writes {@code stamp} (or wrote it, in an earlier version), if any. */
  public static Optional<EmbeddingModel> byStamp(String stamp) {
    return BUNDLED.stream()
        .filter(m -> m.stamp().equals(stamp))
        .findFirst()
        .or(() -> Optional.ofNullable(FORMER_STAMPS.get(stamp)));
  }

  /** {@code stamp} and the stamps earlier versions wrote for the same model's vectors. */
  public static List<String> sameVectors(String stamp) {
    List<String> stamps = new ArrayList<>(List.of(stamp));
    FORMER_STAMPS.forEach(
        (former, model) -> {
          if (model.stamp().equals(stamp)) {
            stamps.add(former);
          }
        });
    return stamps;
  }

  /** Whether vectors stamped {@code a} and {@code b} come from the same model's bytes. */
  public static boolean sameModel(String a, String b) {
    return a.equals(b) || sameVectors(a).contains(b) || sameVectors(b).contains(a);
  }
}
