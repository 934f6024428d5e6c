package io.lakesync.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a sentence encoder turns its token states into one vector. It is part of the model, not a
 * choice: a model trained with one pooling gives poor vectors with the other.
 */
public enum PoolingMode {
  /** The mean over real tokens (sentence-transformers models such as all-MiniLM-L6-v2). */
  MEAN,
  /** The first token's state, [CLS] (BGE models). */
  CLS;

  @JsonCreator
  public static PoolingMode of(String value) {
    return Arrays.stream(values())
        .filter(m -> m.yamlName().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new ConfigException("model_files.pooling", "must be mean or cls: '" + value + "'"));
  }

  @JsonValue
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
