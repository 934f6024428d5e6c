package io.lakesync.config;

import java.util.Objects;

/**
 * An embedding model that ships inside a Maven artifact on the classpath, so nothing is downloaded
 * at run time.
 *
 * @param id stable name stamped on every vector, e.g. {@code all-MiniLM-L6-v2}
 * @param version version of the artifact the weights come from; part of the stamp, since a new
 *     export of the "same" model can change vectors
 * @param dimension length of each vector
 * @param maxTokens longest input the model was trained on, including special tokens; longer input
 *     is truncated, so chunking must stay below it
 * @param onnxResource classpath resource of the ONNX graph
 * @param tokenizerResource classpath resource of the Hugging Face {@code tokenizer.json}
 */
public record EmbeddingModel(
    String id,
    String version,
    int dimension,
    int maxTokens,
    String onnxResource,
    String tokenizerResource) {

  /**
   * sentence-transformers/all-MiniLM-L6-v2, as exported by langchain4j. 256 tokens is the length it
   * was trained on: its position table goes to 512, but quality past 256 is not guaranteed.
   */
  public static final EmbeddingModel ALL_MINILM_L6_V2 =
      new EmbeddingModel(
          "all-MiniLM-L6-v2",
          "langchain4j-1.20.0-beta30",
          384,
          256,
          "all-minilm-l6-v2.onnx",
          "all-minilm-l6-v2-tokenizer.json");

  public EmbeddingModel {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(onnxResource, "onnxResource");
    Objects.requireNonNull(tokenizerResource, "tokenizerResource");
    if (dimension <= 0 || maxTokens <= 2) {
      throw new IllegalArgumentException("dimension and maxTokens must be positive");
    }
  }

  /** The stamp written next to each vector: {@code id@version}. */
  public String stamp() {
    return id + "@" + version;
  }
}
