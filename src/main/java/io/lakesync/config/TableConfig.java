package io.lakesync.config;

import io.lakesync.scope.PathGlob;
import io.lakesync.scope.PathScope;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One synced table, as written in the configuration file. Omitted settings get their defaults here,
 * and every value is checked, so a bad file fails at start with the key's name.
 *
 * @param name table name; also names the staging branches, so lakeFS branch characters only
 * @param repository lakeFS repository holding both the data and the table
 * @param branch source branch whose data the table follows
 * @param targetBranch branch the table is merged into (default: {@code branch})
 * @param include globs of object paths in scope (default: everything)
 * @param exclude globs taken out of scope again
 * @param path where the Lance table lives in the repository (default {@code lancedb/<name>.lance})
 * @param model the embedding model: a bundled model's name ({@link EmbeddingModels}), or the name
 *     given to {@code modelFiles}
 * @param modelFiles a model of the user's own, from local files or lakeFS; null for a bundled one
 * @param chunkTokens tokens per chunk, special tokens excluded
 * @param chunkOverlap tokens shared by consecutive chunks of an object
 * @param maxObjectBytes larger objects are skipped with a recorded reason
 * @param indexMinRows build a vector index once the table has at least this many rows
 * @param quality the quality gate's policy and thresholds
 * @param images how images are indexed
 * @param batchChunks chunks embedded and written together: a sync holds one batch at a time, and a
 *     crash re-embeds at most one (it resumes from the last batch written)
 */
public record TableConfig(
    String name,
    String repository,
    String branch,
    String targetBranch,
    List<String> include,
    List<String> exclude,
    String path,
    String model,
    ModelFilesConfig modelFiles,
    Integer chunkTokens,
    Integer chunkOverlap,
    Long maxObjectBytes,
    Long indexMinRows,
    QualityConfig quality,
    ImagesConfig images,
    Integer batchChunks) {

  /**
   * About a minute of embedding on two cores, and ten megabytes of rows: small enough to bound
   * memory and lost work, large enough that a million-chunk backfill leaves a few hundred table
   * versions, not thousands.
   */
  public static final int DEFAULT_BATCH_CHUNKS = 4096;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern REF = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");

  /**
   * Fills in defaults only. Checks run in {@link #validate()}, after the whole file was read:
   * Jackson builds this record before it reports unknown keys, and a misspelt key must be reported
   * as such, not as the missing key it was meant to be.
   */
  public TableConfig {
    targetBranch = targetBranch == null ? branch : targetBranch;
    include = include == null || include.isEmpty() ? List.of("**") : List.copyOf(include);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    path = path == null && name != null ? "lancedb/" + name + ".lance" : path;
    model =
        model == null
            ? modelFiles == null ? EmbeddingModel.ALL_MINILM_L6_V2.name() : "custom"
            : model;
    int maxChunk = maxChunkTokens(model, modelFiles);
    chunkTokens = chunkTokens == null ? Math.min(200, maxChunk) : chunkTokens;
    chunkOverlap = chunkOverlap == null ? Math.min(32, chunkTokens / 4) : chunkOverlap;
    maxObjectBytes = maxObjectBytes == null ? 20L * 1024 * 1024 : maxObjectBytes;
    indexMinRows = indexMinRows == null ? 10_000L : indexMinRows;
    quality = quality == null ? QualityConfig.DEFAULTS : quality;
    images = images == null ? ImagesConfig.DEFAULTS : images;
    batchChunks = batchChunks == null ? DEFAULT_BATCH_CHUNKS : batchChunks;
  }

  /** Content tokens per chunk for the model (its max length minus [CLS] and [SEP]). */
  private static int maxChunkTokens(String model, ModelFilesConfig files) {
    if (files != null) {
      return files.maxTokens() - 2;
    }
    return EmbeddingModels.BUNDLED.stream()
        .filter(m -> m.name().equals(model))
        .findFirst()
        .map(m -> m.maxTokens() - 2)
        .orElse(200);
  }

  /** Every check, with keys relative to the table ({@code chunk_tokens}, …). */
  public TableConfig validate() {
    requireMatch("name", name, NAME, "lowercase letters, digits, '-' and '_'");
    requireMatch(
        "repository",
        repository,
        Pattern.compile("[a-z0-9][a-z0-9-]{2,62}"),
        "a lakeFS repository id");
    requireMatch("branch", branch, REF, "a lakeFS branch id");
    requireMatch("target_branch", targetBranch, REF, "a lakeFS branch id");
    checkGlobs("include", include);
    checkGlobs("exclude", exclude);
    if (!path.endsWith(".lance") || path.startsWith("/") || path.contains("..")) {
      throw new ConfigException("path", "must be a relative path ending in .lance: " + path);
    }
    // Two tokens of every model input are the special [CLS] and [SEP] tokens.
    int maxChunk = maxTokens() - 2;
    if (chunkTokens < 16 || chunkTokens > maxChunk) {
      throw new ConfigException(
          "chunk_tokens", "must be between 16 and " + maxChunk + " for " + model);
    }
    if (chunkOverlap < 0 || chunkOverlap >= chunkTokens / 2) {
      throw new ConfigException(
          "chunk_overlap", "must be at least 0 and less than half of chunk_tokens");
    }
    if (maxObjectBytes <= 0) {
      throw new ConfigException("max_object_bytes", "must be positive");
    }
    if (indexMinRows < 256) {
      throw new ConfigException(
          "index_min_rows", "must be at least 256 (an index needs training rows)");
    }
    if (batchChunks < 16) {
      throw new ConfigException("batch_chunks", "must be at least 16");
    }
    quality.validate();
    images.validate();
    return this;
  }

  /**
   * The bundled model this table names. A table with {@code model_files} has none: its model is
   * known once its files are read ({@code embed.TextModels}).
   */
  public EmbeddingModel embeddingModel() {
    if (modelFiles != null) {
      throw new IllegalStateException(
          "table " + name + " embeds with its own model files: resolve them first");
    }
    return EmbeddingModels.byName("model", model);
  }

  /** The longest input the table's model takes, special tokens included. */
  private int maxTokens() {
    if (modelFiles == null) {
      return EmbeddingModels.byName("model", model).maxTokens();
    }
    if (!model.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw new ConfigException("model", "letters, digits, '.', '_' and '-' only: " + model);
    }
    if (EmbeddingModels.BUNDLED.stream().anyMatch(m -> m.name().equals(model))) {
      throw new ConfigException(
          "model",
          "'" + model + "' is a bundled model: give the model of model_files a name of its own");
    }
    return modelFiles.validate().maxTokens();
  }

  public PathScope scope() {
    return new PathScope(include, exclude, List.of(path, skippedPath()));
  }

  /**
   * Where the table's skip records live: {@code lancedb/docs.lance} → {@code
   * lancedb/docs.skipped.lance}.
   */
  public String skippedPath() {
    return path.substring(0, path.length() - ".lance".length()) + ".skipped.lance";
  }

  private static void requireMatch(String key, String value, Pattern pattern, String what) {
    if (value == null) {
      throw new ConfigException(key, "is required");
    }
    if (!pattern.matcher(value).matches()) {
      throw new ConfigException(key, "must be " + what + ": '" + value + "'");
    }
  }

  private static void checkGlobs(String key, List<String> globs) {
    for (String glob : globs) {
      try {
        PathGlob.compile(glob);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key, e.getMessage());
      }
    }
  }
}
