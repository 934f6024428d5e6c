package io.lakesync.chunk;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.stream.Stream;

/** The headings enclosing a point of a document, maintained while its blocks are read in order. */
final class HeadingPath {
  private record Heading(int level, String text) {}

  private final String title;
  private final Deque<Heading> open = new ArrayDeque<>();

  HeadingPath(String title) {
    this.title = title.strip();
  }

  /** A heading of {@code level} closes every open heading of the same or a deeper level. */
  void enter(int level, String text) {
    while (!open.isEmpty() && open.peekLast().level() >= level) {
      open.removeLast();
    }
    open.addLast(new Heading(level, text.strip().replaceAll("\\s+", " ")));
  }

  /**
   * The title, then the open headings from the outermost; a first heading that repeats the title (a
   * page's {@code <h1>} usually does) is left out.
   */
  String context() {
    return context(open.size());
  }

  /** The context without the innermost open heading: where that heading itself sits. */
  String parentContext() {
    return context(Math.max(0, open.size() - 1));
  }

  private String context(int depth) {
    Stream<String> headings = open.stream().limit(depth).map(Heading::text);
    if (depth > 0 && same(open.peekFirst().text(), title)) {
      headings = headings.skip(1);
    }
    return Stream.concat(title.isEmpty() ? Stream.empty() : Stream.of(title), headings)
        .filter(s -> !s.isEmpty())
        .reduce((a, b) -> a + Chunk.SEPARATOR + b)
        .orElse("");
  }

  private static boolean same(String a, String b) {
    return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
  }
}
