package io.lakesync.bench.retrieval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The pages bench/corpus unpacked: file name → HTML, in name order (deterministic runs). */
final class Corpus {
  private Corpus() {}

  static Map<String, String> read(Path directory) throws IOException {
    Map<String, String> pages = new TreeMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
        pages.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    if (pages.isEmpty()) {
      throw new IllegalStateException("no .html pages in " + directory + " (run bench/corpus)");
    }
    return pages;
  }
}
