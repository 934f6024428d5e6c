package io.lakesync.bench.retrieval;

import org.jsoup.Jsoup;

/**
 * The visible text of an HTML page for the baseline: jsoup's whole text of the body, whitespace
 * kept, as a tutorial pipeline reads HTML (and as lakesync did before 0.13). lakesync itself now
 * reads the page's structure (blocks, headings, title), so the two differ in extraction as well as
 * chunking: the benchmark compares whole pipelines, not chunkers alone.
 */
final class PageText {
  private PageText() {}

  static String of(String html) {
    return Jsoup.parse(html).body().wholeText().strip();
  }
}
