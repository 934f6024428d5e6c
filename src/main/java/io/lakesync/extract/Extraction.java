package io.lakesync.extract;

import java.util.Objects;

/** What extraction made of one object: its text, or why it has none. */
public sealed interface Extraction {
  /** Text ready for chunking; character spans of chunks refer to this text. */
  record Text(String text, Format format) implements Extraction {
    public Text {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(format, "format");
    }
  }

  /** No text, with a reason a person can act on. */
  record Skipped(SkipReason reason, String detail) implements Extraction {
    public Skipped {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  static Extraction skipped(SkipReason reason, String detail) {
    return new Skipped(reason, detail);
  }
}
