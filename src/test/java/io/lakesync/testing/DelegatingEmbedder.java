package io.lakesync.testing;

import io.lakesync.chunk.TokenSpans;
import io.lakesync.config.EmbeddingModel;
import io.lakesync.embed.TextEmbedder;
import java.util.List;

/**
 * The real model with something added around its calls (counting them, failing an outage in the
 * middle of one). Closing it leaves the shared model open.
 */
public abstract class DelegatingEmbedder implements TextEmbedder {
  private final TextEmbedder delegate;

  protected DelegatingEmbedder(TextEmbedder delegate) {
    this.delegate = delegate;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    return delegate.embed(texts);
  }

  @Override
  public EmbeddingModel model() {
    return delegate.model();
  }

  @Override
  public int countTokens(String text) {
    return delegate.countTokens(text);
  }

  @Override
  public TokenSpans spans(String text) {
    return delegate.spans(text);
  }

  @Override
  public void close() {
    // the delegate belongs to the test class's extension
  }
}
