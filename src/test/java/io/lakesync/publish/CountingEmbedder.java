package io.lakesync.publish;

import io.lakesync.embed.TextEmbedder;
import io.lakesync.testing.DelegatingEmbedder;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The real model, counting the texts it embeds: model calls, as a user pays for them. */
final class CountingEmbedder extends DelegatingEmbedder {
  private final AtomicInteger texts = new AtomicInteger();

  CountingEmbedder(TextEmbedder delegate) {
    super(delegate);
  }

  int texts() {
    return texts.get();
  }

  @Override
  public List<float[]> embed(List<String> batch) {
    texts.addAndGet(batch.size());
    return super.embed(batch);
  }
}
