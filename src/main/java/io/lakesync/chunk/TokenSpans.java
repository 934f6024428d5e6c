package io.lakesync.chunk;

/**
 * Where each token of a text sits in that text, as character offsets, special tokens excluded.
 * Token {@code i} covers {@code [start(i), end(i))}.
 */
public record TokenSpans(int[] starts, int[] ends) {
  public TokenSpans {
    if (starts.length != ends.length) {
      throw new IllegalArgumentException("starts and ends differ in length");
    }
  }

  public int count() {
    return starts.length;
  }

  public int start(int token) {
    return starts[token];
  }

  public int end(int token) {
    return ends[token];
  }

  /** True when token {@code i} continues the word of token {@code i - 1} (no gap between). */
  boolean continuesWord(int token) {
    return token > 0 && starts[token] == ends[token - 1];
  }
}
