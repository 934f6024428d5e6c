package io.lakesync.publish;

import io.lakesync.chunk.TokenSpans;
import io.lakesync.embed.EmbeddingModel;
import io.lakesync.embed.TextEmbedder;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The real model, counting the texts it embeds: model calls, as a user pays for them. */
final class CountingEmbedder implements TextEmbedder {
  private final TextEmbedder delegate;
  private final AtomicInteger texts = new AtomicInteger();

  CountingEmbedder(TextEmbedder delegate) {
    this.delegate = delegate;
  }

  int texts() {
    return texts.get();
  }

  @Override
  public EmbeddingModel model() {
    return delegate.model();
  }

  @Override
  public List<float[]> embed(List<String> batch) {
    texts.addAndGet(batch.size());
    return delegate.embed(batch);
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
    // the delegate is shared by the test class
  }
}
