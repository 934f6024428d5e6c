package io.lakesync.config;

import java.util.regex.Pattern;

/**
 * A text model of the user's own ({@code tables[i].model_files}): an ONNX sentence encoder and its
 * Hugging Face {@code tokenizer.json}, each a local path (a mounted volume) or {@code
 * lakefs://<repository>/<ref>/<path>}. A lakeFS ref is resolved to its commit when lakesync starts,
 * and the files are read at that commit, so the rows can name the exact bytes (a tag keeps the
 * model fixed; a branch is followed at each start). The table's {@code model} key names it.
 *
 * @param dimension the length of its vectors; checked against what the model returns
 * @param maxTokens the longest input it was trained on, special tokens included
 * @param pooling {@code mean} or {@code cls}, as the model was trained
 * @param queryPrefix put before search queries (e.g. {@code "query: "} for E5)
 * @param variant {@code fp32} (default), or {@code int8} for a dynamically quantized graph, which
 *     is then run one text at a time so its vectors do not depend on their batch
 * @param sha256 when set, the SHA-256 the files (ONNX graph, then tokenizer) must have: a pin that
 *     refuses any other bytes
 */
public record ModelFilesConfig(
    String onnx,
    String tokenizer,
    Integer dimension,
    Integer maxTokens,
    PoolingMode pooling,
    String queryPrefix,
    String variant,
    String sha256) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern VARIANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

  public ModelFilesConfig {
    maxTokens = maxTokens == null ? 512 : maxTokens;
    pooling = pooling == null ? PoolingMode.MEAN : pooling;
    queryPrefix = queryPrefix == null ? "" : queryPrefix;
    variant = variant == null ? "fp32" : variant;
  }

  public ModelFilesConfig validate() {
    require("onnx", onnx);
    require("tokenizer", tokenizer);
    if (dimension == null || dimension < 1) {
      throw new ConfigException(
          "model_files.dimension", "is required: the length of the model's vectors");
    }
    if (maxTokens < 16) {
      throw new ConfigException("model_files.max_tokens", "must be at least 16");
    }
    if (!VARIANT.matcher(variant).matches()) {
      throw new ConfigException(
          "model_files.variant", "lowercase letters, digits, '-' and '_' only: " + variant);
    }
    if (sha256 != null && !SHA256.matcher(sha256).matches()) {
      throw new ConfigException("model_files.sha256", "must be 64 lowercase hex digits");
    }
    return this;
  }

  private static void require(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(
          "model_files." + key, "is required: a local path or lakefs://repo/ref/path");
    }
  }
}
