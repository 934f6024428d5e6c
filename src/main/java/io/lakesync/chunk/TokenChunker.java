package io.lakesync.chunk;

import io.lakesync.extract.Block;
import io.lakesync.extract.StructuredText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Cuts extracted text into chunks of at most {@code chunkTokens} model tokens, context included,
 * packed towards that size, with boundaries chosen by the content so that an edit disturbs only the
 * chunks around it.
 *
 * <p>Why not fixed windows: windows laid from the start of the text shift as soon as an edit
 * changes the token count, so one edited paragraph would change every later chunk and all of them
 * would be embedded again. Here:
 *
 * <ol>
 *   <li>The document's blocks (headings, paragraphs, list items, table rows, code blocks) are the
 *       units and are never cut when they fit. A block longer than the budget is split into windows
 *       that share {@code overlap} tokens and end on word boundaries, so the model never truncates
 *       a chunk; each window ends its chunk.
 *   <li>Units are packed into a chunk while they fit. A heading never ends a chunk: it travels with
 *       the text it introduces.
 *   <li>A heading starts a new chunk once the current one holds at least a third of the budget, so
 *       sections stay apart without leaving small fragments.
 *   <li>Within a section, a chunk also ends after an <em>anchor</em> (a unit whose text hashes to 0
 *       modulo {@value #ANCHOR_EVERY}) once it holds at least two thirds of the budget, so the
 *       packing re-synchronises soon after an edit instead of shifting through the rest of the
 *       section. (A quarter and half the budget re-synchronised about as soon but made 10 % more,
 *       smaller chunks of the PostgreSQL manual: see docs/benchmarks.md.)
 * </ol>
 *
 * <p>Every chunk carries its context: the document's title and the headings above its first unit
 * (see {@link Chunk#embeddedText()}); the context counts towards the budget, and is cut to a
 * quarter of it. So an edit re-embeds the chunk it falls in and the chunks after it up to the next
 * boundary both versions share (the end of its section at the latest); an edited heading re-embeds
 * every chunk under it, whose context it is; an edited title re-embeds the whole document.
 *
 * <p>Spans are offsets in the extracted text (UTF-16 code units); a chunk's text runs from its
 * first unit's start to its last unit's end, separators included.
 */
public final class TokenChunker {
  static final int ANCHOR_EVERY = 3;

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

  /** Chunks of a text without markup or title: its paragraphs are the units. */
  public List<Chunk> chunk(String text) {
    return chunk(StructuredText.plain(text));
  }

  public List<Chunk> chunk(StructuredText document) {
    String text = document.text();
    TokenSpans spans = tokenizer.spans(text);
    HeadingPath path = new HeadingPath(document.title());
    Map<String, Context> contexts = new HashMap<>();
    List<Unit> units = new ArrayList<>();
    int headingRunFrom = -1;
    int token = 0;
    for (Block block : document.blocks()) {
      while (token < spans.count() && spans.end(token) <= block.start()) {
        token++;
      }
      int first = token;
      while (token < spans.count() && spans.start(token) < block.end()) {
        token++;
      }
      if (token == first) {
        continue;
      }
      if (block.heading()) {
        path.enter(block.level(), block.in(text));
      }
      // A heading's chunk sits under its parent; everything else under the headings open now.
      Context fitted =
          contexts.computeIfAbsent(
              block.heading() ? path.parentContext() : path.context(), this::fitContext);
      int budget = chunkTokens - fitted.tokens();
      if (block.heading() && (token - first) * 2 <= budget) {
        units.add(new Unit(first, token, spans, Role.HEADING, fitted.text(), budget));
        headingRunFrom = headingRunFrom < 0 ? first : headingRunFrom;
      } else {
        int headings = headingRunFrom < 0 ? 0 : Math.min(first - headingRunFrom, budget / 2);
        units.addAll(split(text, spans, first, token, fitted.text(), budget, headings));
        headingRunFrom = -1;
      }
    }
    return pack(text, units);
  }

  private enum Role {
    HEADING,
    TEXT,
    ANCHOR,
    WINDOW
  }

  /**
   * Tokens {@code [from, to)}, never cut further, with the context and budget of a chunk it starts.
   * A chunk's size counts every token from its first unit's first to its last unit's last,
   * including any between units (a Markdown heading's {@code #}).
   */
  private record Unit(int from, int to, int start, int end, Role role, String context, int budget) {
    Unit(int from, int to, TokenSpans spans, Role role, String context, int budget) {
      this(from, to, spans.start(from), spans.end(to - 1), role, context, budget);
    }
  }

  private record Context(String text, int tokens) {}

  /** The context as is, or cut after its first quarter-budget tokens. */
  private Context fitContext(String context) {
    TokenSpans spans = tokenizer.spans(context);
    int most = chunkTokens / 4;
    return spans.count() <= most
        ? new Context(context, spans.count())
        : new Context(context.substring(0, spans.end(most - 1)).strip(), most);
  }

  /**
   * One unit for a block that fits after the headings just before it, else overlapping windows, the
   * first of which leaves room for those headings.
   */
  private List<Unit> split(
      String text, TokenSpans spans, int first, int end, String context, int budget, int headings) {
    if (end - first <= budget - headings) {
      String unitText = text.substring(spans.start(first), spans.end(end - 1));
      Role role = isAnchor(unitText) ? Role.ANCHOR : Role.TEXT;
      return List.of(new Unit(first, end, spans, role, context, budget));
    }
    List<Unit> windows = new ArrayList<>();
    int from = first;
    int room = budget - headings;
    while (true) {
      int to = Math.min(end, from + room);
      if (to < end) {
        to = wordBoundaryAtOrBefore(spans, from, to);
      }
      windows.add(new Unit(from, to, spans, Role.WINDOW, context, budget));
      if (to == end) {
        return windows;
      }
      int next = Math.max(from + 1, to - overlap);
      from = wordBoundaryAtOrBefore(spans, from + 1, next);
      room = budget;
    }
  }

  private List<Chunk> pack(String text, List<Unit> units) {
    List<Chunk> chunks = new ArrayList<>();
    int i = 0;
    while (i < units.size()) {
      Unit first = units.get(i);
      boolean onlyHeadings = first.role() == Role.HEADING;
      boolean closed = closes(first, first.to() - first.from(), first.budget());
      int last = i;
      while (!closed && last + 1 < units.size()) {
        Unit next = units.get(last + 1);
        int tokens = units.get(last).to() - first.from();
        boolean full = next.to() - first.from() > first.budget();
        boolean newSection =
            next.role() == Role.HEADING && !onlyHeadings && tokens * 3 >= first.budget();
        if (full || newSection) {
          break;
        }
        last++;
        onlyHeadings &= next.role() == Role.HEADING;
        closed = closes(next, next.to() - first.from(), first.budget());
      }
      int start = first.start();
      int end = units.get(last).end();
      chunks.add(new Chunk(chunks.size(), start, end, text.substring(start, end), first.context()));
      i = last + 1;
    }
    return chunks;
  }

  /** Whether the chunk ends after {@code unit}, which brought it to {@code tokens}. */
  private static boolean closes(Unit unit, int tokens, int budget) {
    return unit.role() == Role.WINDOW || unit.role() == Role.ANCHOR && tokens * 3 >= budget * 2;
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
