package io.lakesync.config;

import java.util.List;

/**
 * The models lakesync ships. A table names one by id; an unknown id fails at start. The catalogue
 * lives in {@code config} because the file's {@code model:} key is checked against it; {@code
 * embed} loads the model it names.
 */
public final class EmbeddingModels {
  public static final List<EmbeddingModel> BUNDLED = List.of(EmbeddingModel.ALL_MINILM_L6_V2);

  private EmbeddingModels() {}

  public static EmbeddingModel byId(String key, String id) {
    return BUNDLED.stream()
        .filter(m -> m.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new ConfigException(
                    key,
                    "unknown model '"
                        + id
                        + "'; bundled: "
                        + BUNDLED.stream().map(EmbeddingModel::id).toList()));
  }
}
