package io.lakesync.event;

import java.util.Objects;

/** What an input record turned out to be: a commit event, or a dead letter with its reason. */
public sealed interface ParsedEvent {
  /** The record's original bytes, kept for the dead-letter topic. */
  byte[] original();

  record Valid(CommitEvent event, byte[] original) implements ParsedEvent {
    public Valid {
      Objects.requireNonNull(event, "event");
    }
  }

  record Invalid(String reason, byte[] original) implements ParsedEvent {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
