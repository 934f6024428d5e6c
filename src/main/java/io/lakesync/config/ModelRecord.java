package io.lakesync.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * How a table records the model of the user's own that made it (table metadata {@code
 * lakesync.model_files}): the model's name and its {@code model_files} settings with lakeFS refs
 * resolved to commits and the checksum pinned, so a reader at any later commit (search, the gate's
 * baseline, {@code explain}) loads exactly those bytes again. Bundled models need no record: their
 * stamp names them.
 */
public record ModelRecord(String name, ModelFilesConfig files) {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The record of {@code model}; empty for a bundled model. */
  public static String of(EmbeddingModel model) {
    if (!(model.files() instanceof ModelSource.Files files)) {
      return "";
    }
    ModelRecord record =
        new ModelRecord(
            model.id(),
            new ModelFilesConfig(
                files.onnxOrigin(),
                files.tokenizerOrigin(),
                model.dimension(),
                model.maxTokens(),
                model.pooling(),
                model.queryPrefix(),
                model.variant(),
                model.sha256()));
    try {
      return JSON.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the model record", e);
    }
  }

  /** Reads a record written by {@link #of}. */
  public static ModelRecord parse(String json) {
    try {
      ModelRecord record = JSON.readValue(json, ModelRecord.class);
      record.files().validate();
      return record;
    } catch (JsonProcessingException | ConfigException e) {
      throw new IllegalArgumentException("unreadable model record: " + e.getMessage(), e);
    }
  }
}
