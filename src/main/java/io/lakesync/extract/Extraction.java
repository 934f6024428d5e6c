package io.lakesync.extract;

import java.util.Objects;

/** What extraction made of one object: its text, or why it has none. */
public sealed interface Extraction {
  /** Text ready for chunking, with its structure; character spans of chunks refer to this text. */
  record Text(StructuredText content, Format format) implements Extraction {
    public Text {
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(format, "format");
    }

    /** Text without markup, whose paragraphs are its blocks. */
    public Text(String text, Format format) {
      this(StructuredText.plain(text), format);
    }

    public String text() {
      return content.text();
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
