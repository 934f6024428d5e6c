package io.lakesync.failure;

/**
 * An exception that knows its own kind because it carries what decides it (an HTTP status): the
 * classifier asks it instead of guessing from its type or message.
 */
public interface Classified {
  FailureKind kind();
}
