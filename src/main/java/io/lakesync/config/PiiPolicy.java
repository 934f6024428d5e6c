package io.lakesync.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** What a table does with PII found in its chunk texts. */
public enum PiiPolicy {
  /** Keep the text as it is and fail the quality gate: nothing with PII reaches the target. */
  BLOCK,
  /** Mask PII before embedding and storing: the table never holds it. */
  REDACT,
  /** The table may hold PII (the data owner decided so); the gate does not look. */
  ALLOW;

  @JsonCreator
  public static PiiPolicy of(String value) {
    return Arrays.stream(values())
        .filter(p -> p.yamlName().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new ConfigException(
                    "quality.pii", "must be block, redact or allow: '" + value + "'"));
  }

  @JsonValue
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
