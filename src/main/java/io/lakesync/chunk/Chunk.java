package io.lakesync.chunk;

/**
 * A piece of an object's extracted text that is embedded on its own.
 *
 * @param index position among the object's chunks, from 0
 * @param start offset of the chunk in the extracted text (inclusive), in UTF-16 code units as
 *     Java's {@code String} and JavaScript count them (an emoji counts 2)
 * @param end exclusive end offset, same unit
 * @param text the chunk itself: what snippets show and {@code explain} points into
 * @param context where the chunk sits: the document's title and the headings above it, joined by
 *     {@value #SEPARATOR}; empty when the document has neither
 */
public record Chunk(int index, int start, int end, String text, String context) {
  public static final String SEPARATOR = " > ";

  /** A chunk without context. */
  public Chunk(int index, int start, int end, String text) {
    this(index, start, end, text, "");
  }

  /** What the model embeds: the context, then the chunk, so a paragraph says what it is about. */
  public String embeddedText() {
    return embeddedText(context, text);
  }

  public static String embeddedText(String context, String text) {
    return context.isEmpty() ? text : context + "\n\n" + text;
  }
}
