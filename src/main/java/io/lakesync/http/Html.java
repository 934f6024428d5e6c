package io.lakesync.http;

/** Escaping for lakesync's server-rendered pages: every value from outside goes through it. */
public final class Html {
  private Html() {}

  /** {@code text} safe inside an element or a quoted attribute. */
  public static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
