package io.lakesync.search;

/**
 * A search or explanation that cannot be answered as asked (unknown ref, no table there, a model
 * mismatch): a message for the person who asked, never a stack trace.
 */
public final class SearchException extends Exception {
  private static final long serialVersionUID = 1L;

  public SearchException(String message) {
    super(message);
  }
}
