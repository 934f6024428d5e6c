package io.lakesync.bench.retrieval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One benchmark question and the pages (file names) that answer it.
 *
 * @param kind "paraphrase" or "keyword", so results can be read by kind of question
 * @param line 1-based line of the question in its file; odd and even lines are the two halves the
 *     benchmark also scores apart, so a setting chosen on one half can be checked on the other
 */
record Question(String text, Set<String> answers, String kind, int line) {

  /** The questions of bench/retrieval-questions.tsv: comment lines, a header, then one a line. */
  static List<Question> load(Path tsv) throws IOException {
    List<Question> questions = new ArrayList<>();
    boolean header = true;
    int number = 0;
    for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (header) {
        header = false;
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length != 3 || fields[1].isBlank()) {
        throw new IllegalArgumentException(tsv + ": expected question, pages, kind: " + line);
      }
      questions.add(
          new Question(
              fields[0].strip(), Set.of(fields[1].strip().split("\\s+")), fields[2], number));
    }
    return questions;
  }

  /** "odd" or "even": the half of the questions this one is in, by its line number. */
  String half() {
    return line % 2 == 1 ? "odd" : "even";
  }
}
