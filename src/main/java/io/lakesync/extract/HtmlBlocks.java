package io.lakesync.extract;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;

/**
 * The visible text of an HTML page as blocks: every block element starts a new block, so {@code
 * <h1>Alpha</h1><p>Beta</p>} reads as two blocks and never as "AlphaBeta". Headings keep their
 * level, list items and table rows are blocks of their own (cells joined by " | "), and {@code
 * <pre>} keeps its line breaks. The title is {@code <title>}, else the first {@code <h1>}.
 *
 * <p>In the extracted text, blocks are separated by a blank line, except consecutive list items or
 * table rows, which are separated by a line break.
 */
final class HtmlBlocks implements NodeFilter {
  private static final Set<String> SKIPPED =
      Set.of("script", "style", "noscript", "template", "head", "svg", "math", "button", "select");
  private static final Set<String> BLOCKS =
      Set.of(
          "address",
          "article",
          "aside",
          "blockquote",
          "body",
          "caption",
          "dd",
          "details",
          "dialog",
          "div",
          "dl",
          "dt",
          "fieldset",
          "figcaption",
          "figure",
          "footer",
          "form",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "header",
          "hr",
          "li",
          "main",
          "nav",
          "ol",
          "p",
          "pre",
          "section",
          "summary",
          "table",
          "tbody",
          "td",
          "tfoot",
          "th",
          "thead",
          "tr",
          "ul");

  private final StringBuilder text = new StringBuilder();
  private final List<Block> blocks = new ArrayList<>();
  private final StringBuilder pending = new StringBuilder();
  private final Deque<Element> open = new ArrayDeque<>();
  private int preDepth;

  private HtmlBlocks() {}

  static StructuredText parse(String html) {
    Document document = Jsoup.parse(html);
    HtmlBlocks walk = new HtmlBlocks();
    walk.open.push(document.body());
    document.body().filter(walk);
    walk.flush();
    String title = document.title().strip();
    if (title.isEmpty()) {
      Element h1 = document.body().selectFirst("h1");
      title = h1 == null ? "" : h1.text();
    }
    return new StructuredText(walk.text.toString(), title, walk.blocks);
  }

  @Override
  public FilterResult head(Node node, int depth) {
    if (node instanceof TextNode textNode) {
      append(preDepth > 0 ? textNode.getWholeText() : collapsed(textNode.getWholeText()));
      return FilterResult.CONTINUE;
    }
    if (!(node instanceof Element element)) {
      return FilterResult.CONTINUE;
    }
    String tag = element.normalName();
    if (SKIPPED.contains(tag)) {
      return FilterResult.SKIP_ENTIRELY;
    }
    if ("br".equals(tag)) {
      pending.append('\n');
    } else if (("td".equals(tag) || "th".equals(tag)) && !pending.isEmpty()) {
      append(" | ");
    }
    if (BLOCKS.contains(tag) && !isCell(tag)) {
      flush();
      open.push(element);
      if ("pre".equals(tag)) {
        preDepth++;
      }
    }
    return FilterResult.CONTINUE;
  }

  @Override
  public FilterResult tail(Node node, int depth) {
    if (node instanceof Element element
        && BLOCKS.contains(element.normalName())
        && !isCell(element.normalName())) {
      flush();
      open.pop();
      if ("pre".equals(element.normalName())) {
        preDepth--;
      }
    }
    return FilterResult.CONTINUE;
  }

  /** Cells belong to their row's block. */
  private static boolean isCell(String tag) {
    return "td".equals(tag) || "th".equals(tag);
  }

  private void append(String piece) {
    if (piece.isEmpty()) {
      return;
    }
    boolean needsSpace =
        preDepth == 0
            && !pending.isEmpty()
            && Character.isWhitespace(piece.charAt(0))
            && Character.isWhitespace(pending.charAt(pending.length() - 1));
    pending.append(needsSpace ? piece.substring(1) : piece);
  }

  private static String collapsed(String raw) {
    return raw.replaceAll("[ \\t\\n\\r\\f\\u00A0]+", " ");
  }

  /** Ends the block being collected, as the kind of the innermost open block element. */
  private void flush() {
    String content =
        preDepth > 0 ? stripBlankLines(pending.toString()) : pending.toString().strip();
    pending.setLength(0);
    if (content.isBlank()) {
      return;
    }
    String tag = open.isEmpty() ? "p" : open.peek().normalName();
    Block.Kind kind = kindOf(tag);
    if (!blocks.isEmpty()) {
      Block.Kind previous = blocks.get(blocks.size() - 1).kind();
      boolean sameList = previous == kind && (kind == Block.Kind.ITEM || kind == Block.Kind.ROW);
      text.append(sameList ? "\n" : "\n\n");
    }
    int start = text.length();
    text.append(content);
    int level = kind == Block.Kind.HEADING ? tag.charAt(1) - '0' : 0;
    blocks.add(new Block(start, text.length(), kind, level));
  }

  private static Block.Kind kindOf(String tag) {
    return switch (tag) {
      case "h1", "h2", "h3", "h4", "h5", "h6" -> Block.Kind.HEADING;
      case "li", "dt", "dd" -> Block.Kind.ITEM;
      case "tr" -> Block.Kind.ROW;
      case "pre" -> Block.Kind.CODE;
      default -> Block.Kind.PARAGRAPH;
    };
  }

  /** Preformatted text keeps its inner line breaks; leading and trailing empty lines go. */
  private static String stripBlankLines(String pre) {
    return pre.replaceAll("^(?:[ \\t]*\\n)+", "").stripTrailing();
  }
}
