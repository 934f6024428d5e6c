package io.lakesync.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blocks of a text that has no markup: paragraphs are separated by blank lines. Used for plain
 * text, PDF, JSON and CSV, whose structure (if any) extraction does not keep.
 */
final class Paragraphs {
  private static final Pattern BLANK_LINES = Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n\\s*");

  private Paragraphs() {}

  static List<Block> of(String text) {
    return within(text, 0, text.length(), Block.Kind.PARAGRAPH);
  }

  /** The paragraphs of {@code text[from, to)}, each trimmed of surrounding whitespace. */
  static List<Block> within(String text, int from, int to, Block.Kind kind) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLANK_LINES.matcher(text).region(from, to);
    int start = from;
    while (m.find()) {
      addTrimmed(blocks, text, start, m.start(), kind, 0);
      start = m.end();
    }
    addTrimmed(blocks, text, start, to, kind, 0);
    return blocks;
  }

  /** Adds {@code text[start, end)} without its surrounding whitespace, unless nothing is left. */
  static void addTrimmed(
      List<Block> blocks, String text, int start, int end, Block.Kind kind, int level) {
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (end > start) {
      blocks.add(new Block(start, end, kind, level));
    }
  }
}
