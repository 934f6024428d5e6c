package io.lakesync.embed;

import io.lakesync.chunk.Tokenizer;
import io.lakesync.config.EmbeddingModel;
import java.util.List;

/**
 * Turns texts into unit-length vectors with one model. It is also that model's {@link Tokenizer},
 * so chunks are measured in the tokens the model will see.
 */
public interface TextEmbedder extends Tokenizer, AutoCloseable {
  EmbeddingModel model();

  /**
   * One vector per text, in input order. Texts longer than the model's {@link
   * EmbeddingModel#maxTokens()} are truncated by the tokenizer: callers chunk first.
   */
  List<float[]> embed(List<String> texts);

  /**
   * Vectors for search queries: each as the model expects a query (with its {@link
   * EmbeddingModel#queryPrefix()}), where {@link #embed} takes passages.
   */
  default List<float[]> embedQueries(List<String> queries) {
    return embed(queries.stream().map(model()::queryText).toList());
  }

  /** Tokens the model would see for {@code text}, special tokens included. */
  int countTokens(String text);

  @Override
  void close();
}
