package io.lakesync.stream;

import java.util.Objects;

/** The topics of the sync service; defaults as documented in the README. */
public record TopicNames(String input, String status, String deadLetters) {
  public static final TopicNames DEFAULTS =
      new TopicNames("lakefs.commit-events", "lakesync.sync-status", "lakefs.commit-events.dlq");

  public TopicNames {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(deadLetters, "deadLetters");
  }
}
