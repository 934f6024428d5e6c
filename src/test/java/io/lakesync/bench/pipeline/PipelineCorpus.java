package io.lakesync.bench.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The pages both pipelines index (bench/corpus's PostgreSQL manual subset, or every k-th of them)
 * and the deterministic 1 % edit of the update.
 */
final class PipelineCorpus {
  private PipelineCorpus() {}

  /**
   * The pages of {@code dir} by name, in name order; with {@code limit} below their number, every
   * k-th page from the first, so a small run still spans every chapter of the subset.
   */
  static Map<String, String> load(Path dir, int limit) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(p -> p.toString().endsWith(".html")).sorted().toList();
    }
    int step = limit <= 0 || limit >= files.size() ? 1 : (files.size() + limit - 1) / limit;
    Map<String, String> pages = new LinkedHashMap<>();
    for (int i = 0; i < files.size(); i += step) {
      Path file = files.get(i);
      pages.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    }
    return pages;
  }

  /**
   * About 1 % of the pages (at least one), evenly spaced in name order, each with one sentence
   * added in the middle of its text: the kind of edit a documentation commit makes.
   */
  static Map<String, String> edit(Map<String, String> pages, int round) {
    List<String> names = CorpusRepository.pageNames(pages);
    int count = Math.max(1, Math.round(names.size() / 100f));
    Map<String, String> edited = new LinkedHashMap<>();
    for (int k = 0; k < count; k++) {
      String name = names.get((2 * k + 1) * names.size() / (2 * count));
      edited.put(name, addSentence(pages.get(name), round));
    }
    return edited;
  }

  /** Adds a sentence before the first paragraph end in the second half of the page. */
  static String addSentence(String html, int round) {
    int at = html.indexOf("</p>", html.length() / 2);
    if (at < 0) {
      at = html.lastIndexOf("</body>");
    }
    String sentence =
        " This paragraph was edited for the pipeline benchmark, round "
            + round
            + ", to measure an incremental update.";
    return html.substring(0, at) + sentence + html.substring(at);
  }
}
