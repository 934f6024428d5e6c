package io.lakesync.chunk;

/** The model's own tokenizer, so chunk lengths are measured in what the model actually sees. */
public interface Tokenizer {
  TokenSpans spans(String text);
}
