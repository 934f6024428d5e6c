package io.lakesync.chunk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Cuts extracted text into chunks of at most {@code chunkTokens} model tokens, with boundaries
 * chosen by the content so that an edit disturbs only the chunks around it.
 *
 * <p>Why not fixed windows: windows laid from the start of the text shift as soon as an edit
 * changes the token count, so one edited paragraph would change every later chunk and all of them
 * would be embedded again. Here:
 *
 * <ol>
 *   <li>Paragraphs (text between blank lines) are the units. A paragraph longer than {@code
 *       chunkTokens} is split into windows that share {@code overlap} tokens and end on word
 *       boundaries, so the model never truncates a chunk.
 *   <li>A chunk always ends after a <em>substantial</em> unit (at least a quarter of {@code
 *       chunkTokens}) and after every window. Small units (headings, one-line paragraphs) attach to
 *       the units that follow while they fit, so a heading travels with its paragraph.
 *   <li>In a long run of small units, a chunk also ends after an <em>anchor</em> (a unit whose text
 *       hashes to 0 modulo {@value #ANCHOR_EVERY}), so the packing re-synchronises soon after an
 *       edit instead of shifting through the whole run.
 * </ol>
 *
 * <p>So editing one paragraph that stays within the limit changes at most two chunks: its own, and
 * the one before if that one's small units no longer fit in front of it (or now do).
 *
 * <p>Spans are character offsets in the extracted text; a packed chunk's text runs from its first
 * unit's start to its last unit's end, blank lines included.
 */
public final class TokenChunker {
  static final int ANCHOR_EVERY = 3;
  private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n\\s*");

  private final Tokenizer tokenizer;
  private final int chunkTokens;
  private final int overlap;

  public TokenChunker(Tokenizer tokenizer, int chunkTokens, int overlap) {
    if (chunkTokens < 2 || overlap < 0 || overlap >= chunkTokens / 2) {
      throw new IllegalArgumentException(
          "need chunkTokens >= 2 and 0 <= overlap < chunkTokens / 2, got "
              + chunkTokens
              + "/"
              + overlap);
    }
    this.tokenizer = tokenizer;
    this.chunkTokens = chunkTokens;
    this.overlap = overlap;
  }

  public List<Chunk> chunk(String text) {
    TokenSpans spans = tokenizer.spans(text);
    List<Unit> units = new ArrayList<>();
    int token = 0;
    for (int[] paragraph : paragraphs(text)) {
      int first = token;
      while (token < spans.count() && spans.start(token) < paragraph[1]) {
        token++;
      }
      if (token > first) {
        units.addAll(split(text, spans, first, token));
      }
    }
    return pack(text, units);
  }

  /** A run of tokens that is never cut further; {@code closes} ends the chunk after it. */
  private record Unit(int start, int end, int tokens, boolean closes) {}

  private static List<int[]> paragraphs(String text) {
    List<int[]> paragraphs = new ArrayList<>();
    Matcher m = PARAGRAPH_BREAK.matcher(text);
    int start = 0;
    while (m.find()) {
      paragraphs.add(new int[] {start, m.start()});
      start = m.end();
    }
    paragraphs.add(new int[] {start, text.length()});
    return paragraphs;
  }

  /** One unit for a paragraph that fits, else overlapping windows that each end a chunk. */
  private List<Unit> split(String text, TokenSpans spans, int first, int end) {
    if (end - first <= chunkTokens) {
      int s = spans.start(first);
      int e = spans.end(end - 1);
      boolean substantial = (end - first) * 4 >= chunkTokens;
      return List.of(new Unit(s, e, end - first, substantial || isAnchor(text.substring(s, e))));
    }
    List<Unit> windows = new ArrayList<>();
    int from = first;
    while (true) {
      int to = Math.min(end, from + chunkTokens);
      if (to < end) {
        to = wordBoundaryAtOrBefore(spans, from, to);
      }
      windows.add(new Unit(spans.start(from), spans.end(to - 1), to - from, true));
      if (to == end) {
        return windows;
      }
      int next = Math.max(from + 1, to - overlap);
      from = wordBoundaryAtOrBefore(spans, from + 1, next);
    }
  }

  private List<Chunk> pack(String text, List<Unit> units) {
    List<Chunk> chunks = new ArrayList<>();
    int i = 0;
    while (i < units.size()) {
      Unit first = units.get(i);
      int tokens = first.tokens();
      int last = i;
      while (!units.get(last).closes()
          && last + 1 < units.size()
          && tokens + units.get(last + 1).tokens() <= chunkTokens) {
        last++;
        tokens += units.get(last).tokens();
      }
      int start = first.start();
      int end = units.get(last).end();
      chunks.add(new Chunk(chunks.size(), start, end, text.substring(start, end)));
      i = last + 1;
    }
    return chunks;
  }

  /** Deterministic across JVMs and versions: CRC32 of the UTF-8 text. */
  static boolean isAnchor(String unitText) {
    CRC32 crc = new CRC32();
    crc.update(unitText.getBytes(StandardCharsets.UTF_8));
    return crc.getValue() % ANCHOR_EVERY == 0;
  }

  /** The last token index in {@code (floor, candidate]} that starts a word; else candidate. */
  private static int wordBoundaryAtOrBefore(TokenSpans spans, int floor, int candidate) {
    int at = candidate;
    while (at > floor && spans.continuesWord(at)) {
      at--;
    }
    return at == floor ? candidate : at;
  }
}
