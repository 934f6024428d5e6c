package io.lakesync.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Extracted text with the structure chunking needs: the document's title (empty when it has none)
 * and its blocks, in order, without overlaps. Text between blocks is separators (whitespace, markup
 * left out of every block such as Markdown's {@code #}).
 */
public record StructuredText(String text, String title, List<Block> blocks) {
  public StructuredText {
    title = title == null ? "" : title.strip();
    blocks = List.copyOf(blocks);
    int previousEnd = 0;
    for (Block block : blocks) {
      if (block.start() < previousEnd || block.end() > text.length()) {
        throw new IllegalArgumentException("blocks must be in order, apart, and inside the text");
      }
      previousEnd = block.end();
    }
  }

  /** Text without markup: its paragraphs (separated by blank lines) are its blocks. */
  public static StructuredText plain(String text) {
    return new StructuredText(text, "", Paragraphs.of(text));
  }

  /** This text, with {@code fallback} as its title when it has none of its own. */
  public StructuredText titledIfUntitled(String fallback) {
    return title.isEmpty() ? new StructuredText(text, fallback, blocks) : this;
  }

  /**
   * The same structure with {@code edit} applied to every block, every separator and the title, and
   * the offsets moved to match. For edits that never span a block boundary, such as redacting PII.
   */
  public StructuredText map(UnaryOperator<String> edit) {
    StringBuilder out = new StringBuilder(text.length());
    List<Block> moved = new ArrayList<>(blocks.size());
    int at = 0;
    for (Block block : blocks) {
      out.append(edit.apply(text.substring(at, block.start())));
      int start = out.length();
      out.append(edit.apply(block.in(text)));
      if (out.length() > start) {
        moved.add(new Block(start, out.length(), block.kind(), block.level()));
      }
      at = block.end();
    }
    out.append(edit.apply(text.substring(at)));
    return new StructuredText(out.toString(), edit.apply(title), moved);
  }
}
