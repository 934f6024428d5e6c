package io.lakesync.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blocks and title of a Markdown text, found on the raw source (the extracted text of a
 * Markdown file is the file itself, so spans and snippets show what the author wrote).
 *
 * <p>Recognised: ATX ({@code ## Heading}) and setext headings, fenced code blocks (kept as one
 * block, blank lines and all), list items, paragraphs, and YAML front matter, whose {@code title:}
 * names the document and which is otherwise left out. Everything else is paragraph text. This is
 * deliberately a line scanner, not a CommonMark parser: chunking needs block boundaries and heading
 * levels, not rendering.
 */
final class MarkdownBlocks {
  private static final Pattern ATX =
      Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
  private static final Pattern SETEXT = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
  private static final Pattern ITEM = Pattern.compile("^[ \\t]*(?:[-*+]|\\d{1,9}[.)])[ \\t]+\\S");
  private static final Pattern TITLE =
      Pattern.compile("(?m)^title:[ \\t]*[\"']?(.*?)[\"']?[ \\t]*$");

  private final String text;
  private final List<Block> blocks = new ArrayList<>();
  private String title = "";
  private int open = -1;
  private int openEnd;
  private Block.Kind openKind;
  private int openLines;

  private MarkdownBlocks(String text) {
    this.text = text;
  }

  static StructuredText parse(String text) {
    return new MarkdownBlocks(text).scan();
  }

  private StructuredText scan() {
    int at = frontMatterEnd();
    String fence = null;
    int fenceStart = 0;
    while (at < text.length()) {
      int newline = text.indexOf('\n', at);
      int end = newline < 0 ? text.length() : newline;
      String line = text.substring(at, end);
      if (fence != null) {
        if (closesFence(line, fence)) {
          Paragraphs.addTrimmed(blocks, text, fenceStart, end, Block.Kind.CODE, 0);
          fence = null;
        }
      } else {
        Matcher fenceOpen = FENCE.matcher(line);
        Matcher atx = ATX.matcher(line);
        if (fenceOpen.find()) {
          close();
          fence = fenceOpen.group(1);
          fenceStart = at;
        } else if (line.isBlank()) {
          close();
        } else if (atx.matches()) {
          close();
          heading(at, atx, line);
        } else if (SETEXT.matcher(line).matches()
            && openKind == Block.Kind.PARAGRAPH
            && openLines == 1) {
          int level = line.strip().charAt(0) == '=' ? 1 : 2;
          addHeading(open, openEnd, level);
          open = -1;
        } else if (ITEM.matcher(line).find()) {
          close();
          start(at, end, Block.Kind.ITEM);
        } else if (open >= 0) {
          openEnd = end;
          openLines++;
        } else {
          start(at, end, Block.Kind.PARAGRAPH);
        }
      }
      at = newline < 0 ? text.length() : newline + 1;
    }
    if (fence != null) {
      Paragraphs.addTrimmed(blocks, text, fenceStart, text.length(), Block.Kind.CODE, 0);
    }
    close();
    return new StructuredText(text, title, blocks);
  }

  /** A closing fence: at least as many of the opening fence's characters, and nothing else. */
  private static boolean closesFence(String line, String fence) {
    String stripped = line.strip();
    return stripped.length() >= fence.length()
        && stripped.chars().allMatch(c -> c == fence.charAt(0));
  }

  /** Skips YAML front matter, taking its title; 0 when there is none. */
  private int frontMatterEnd() {
    if (!text.startsWith("---\n") && !text.startsWith("---\r\n")) {
      return 0;
    }
    Matcher closing = Pattern.compile("(?m)^(?:---|\\.\\.\\.)[ \\t]*$").matcher(text);
    if (!closing.find(3)) {
      return 0;
    }
    Matcher name = TITLE.matcher(text).region(0, closing.start());
    if (name.find()) {
      title = name.group(1).strip();
    }
    int newline = text.indexOf('\n', closing.end());
    return newline < 0 ? text.length() : newline + 1;
  }

  private void heading(int lineStart, Matcher atx, String line) {
    int level = atx.group(1).length();
    if (atx.group(2) == null || atx.group(2).isBlank()) {
      return;
    }
    int start = lineStart + atx.start(2);
    addHeading(start, lineStart + atx.end(2), level);
  }

  private void addHeading(int start, int end, int level) {
    int before = blocks.size();
    Paragraphs.addTrimmed(blocks, text, start, end, Block.Kind.HEADING, level);
    if (blocks.size() > before && title.isEmpty() && level == 1) {
      title = blocks.get(blocks.size() - 1).in(text);
    }
  }

  private void start(int lineStart, int lineEnd, Block.Kind kind) {
    open = lineStart;
    openEnd = lineEnd;
    openKind = kind;
    openLines = 1;
  }

  private void close() {
    if (open >= 0) {
      Paragraphs.addTrimmed(blocks, text, open, openEnd, openKind, 0);
      open = -1;
    }
  }
}
