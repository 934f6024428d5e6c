package io.lakesync.extract;

/**
 * One structural piece of an extracted text: a heading, a paragraph, a list item, a table row or a
 * code block. The chunker packs blocks into chunks and never cuts inside one that fits; headings
 * give every chunk under them its context.
 *
 * @param start offset of the block's first character in the extracted text (UTF-16 code units, as
 *     Java's {@code String} counts)
 * @param end exclusive end offset
 * @param level for a heading, 1 (top) to 6; 0 for every other kind
 */
public record Block(int start, int end, Kind kind, int level) {
  /** What a block is; only headings behave differently when chunking. */
  public enum Kind {
    HEADING,
    PARAGRAPH,
    ITEM,
    ROW,
    CODE
  }

  public Block {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException(
          "a block needs 0 <= start < end, got " + start + ".." + end);
    }
    if ((kind == Kind.HEADING) != (level >= 1 && level <= 6)) {
      throw new IllegalArgumentException("headings have a level from 1 to 6, other blocks 0");
    }
  }

  public static Block heading(int start, int end, int level) {
    return new Block(start, end, Kind.HEADING, level);
  }

  public static Block of(Kind kind, int start, int end) {
    return new Block(start, end, kind, 0);
  }

  public boolean heading() {
    return kind == Kind.HEADING;
  }

  /** The block's text in {@code text}, which must be the text it was found in. */
  public String in(String text) {
    return text.substring(start, end);
  }
}
