package io.lakesync.bench.retrieval;

import java.util.ArrayList;
import java.util.List;

/**
 * The baseline's chunker: LangChain's {@code RecursiveCharacterTextSplitter} with its defaults
 * (separators "\n\n", "\n", " ", "", each kept at the start of the piece that follows it, chunks
 * stripped, length in characters), rewritten here so the baseline is what most RAG tutorials use.
 * Its chunks were checked identical to langchain-text-splitters 1.1.3's on this benchmark's corpus.
 * The text is split on the first separator that occurs in it; pieces still longer than the chunk
 * size are split again with the next separator; small pieces are merged back up to the chunk size,
 * and each new chunk starts with the tail of the previous one, up to {@code overlap} characters.
 */
final class RecursiveSplitter {
  private static final List<String> SEPARATORS = List.of("\n\n", "\n", " ", "");

  private final int size;
  private final int overlap;

  RecursiveSplitter(int size, int overlap) {
    if (overlap >= size) {
      throw new IllegalArgumentException("overlap must be smaller than size");
    }
    this.size = size;
    this.overlap = overlap;
  }

  List<String> split(String text) {
    return split(text, SEPARATORS);
  }

  private List<String> split(String text, List<String> separators) {
    String separator = separators.get(separators.size() - 1);
    List<String> finer = List.of();
    for (int i = 0; i < separators.size(); i++) {
      String s = separators.get(i);
      if (s.isEmpty()) {
        separator = s;
        break;
      }
      if (text.contains(s)) {
        separator = s;
        finer = separators.subList(i + 1, separators.size());
        break;
      }
    }
    List<String> chunks = new ArrayList<>();
    List<String> small = new ArrayList<>();
    for (String piece : pieces(text, separator)) {
      if (length(piece) < size) {
        small.add(piece);
        continue;
      }
      chunks.addAll(merge(small));
      small.clear();
      if (finer.isEmpty()) {
        chunks.add(piece);
      } else {
        chunks.addAll(split(piece, finer));
      }
    }
    chunks.addAll(merge(small));
    return chunks;
  }

  /** The text cut before every occurrence of the separator (kept), or into characters. */
  private static List<String> pieces(String text, String separator) {
    List<String> pieces = new ArrayList<>();
    if (separator.isEmpty()) {
      text.codePoints().forEach(c -> pieces.add(new String(Character.toChars(c))));
      return pieces;
    }
    int start = 0;
    int at = text.indexOf(separator);
    while (at >= 0) {
      if (at > start) {
        pieces.add(text.substring(start, at));
      }
      start = at;
      at = text.indexOf(separator, at + separator.length());
    }
    if (start < text.length()) {
      pieces.add(text.substring(start));
    }
    return pieces;
  }

  /**
   * LangChain's {@code _merge_splits} with an empty join separator (separators are kept in the
   * pieces): fill a chunk up to the size, then drop pieces from its front until what is left is at
   * most the overlap and leaves room for the next piece.
   */
  private List<String> merge(List<String> pieces) {
    List<String> chunks = new ArrayList<>();
    List<String> current = new ArrayList<>();
    int total = 0;
    for (String piece : pieces) {
      int length = length(piece);
      if (total + length > size && !current.isEmpty()) {
        add(chunks, current);
        while (total > overlap || (total + length > size && total > 0)) {
          total -= length(current.remove(0));
        }
      }
      current.add(piece);
      total += length;
    }
    add(chunks, current);
    return chunks;
  }

  private static void add(List<String> chunks, List<String> pieces) {
    String chunk = strip(String.join("", pieces));
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
  }

  /** Python's len: code points, not UTF-16 units. */
  private static int length(String text) {
    return text.codePointCount(0, text.length());
  }

  /**
   * Python's str.strip(): also removes no-break spaces, which Java's strip() keeps (the manual's
   * tables are full of them).
   */
  private static String strip(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }
}
