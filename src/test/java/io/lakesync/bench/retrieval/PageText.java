package io.lakesync.bench.retrieval;

import org.jsoup.Jsoup;

/**
 * The visible text of an HTML page for the baseline. It is what lakesync's extractor produces today
 * (jsoup's whole text of the body, whitespace kept), so the baseline and lakesync differ in
 * chunking only, not in what text they see.
 */
final class PageText {
  private PageText() {}

  static String of(String html) {
    return Jsoup.parse(html).body().wholeText().strip();
  }
}
