package io.lakesync.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a query finds chunks: by meaning, by words, or both fused (the default). */
public enum SearchMode {
  /** Nearest vectors to the query's embedding: finds paraphrases, misses rare exact terms. */
  VECTOR,
  /** Lance's full-text (BM25) index over the chunk and its context: exact terms, names, errors. */
  TEXT,
  /** Both, fused by reciprocal rank: what either finds well ranks high. */
  HYBRID;

  public static final SearchMode DEFAULT = HYBRID;

  /**
   * The mode an image-to-image search reports: not a mode to choose (a query image is), but what
   * the answer's {@code mode} says.
   */
  public static final String IMAGE_LABEL = "image";

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named {@code label} (any case); a clear message listing the modes otherwise. */
  public static SearchMode parse(String label) throws SearchException {
    for (SearchMode mode : values()) {
      if (mode.label().equalsIgnoreCase(label.strip())) {
        return mode;
      }
    }
    throw new SearchException(
        "mode must be one of "
            + Arrays.stream(values()).map(SearchMode::label).collect(Collectors.joining(", "))
            + ", got '"
            + label
            + "'");
  }
}
