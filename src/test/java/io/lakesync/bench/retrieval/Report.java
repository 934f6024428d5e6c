package io.lakesync.bench.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** The benchmark's printed tables, from each method's rankings of the same questions. */
final class Report {
  private final List<Question> questions;
  private final List<Method> methods;
  private final List<List<List<String>>> rankings;

  /** {@code rankings.get(m).get(q)}: method m's ranked pages for question q. */
  Report(List<Question> questions, List<Method> methods, List<List<List<String>>> rankings) {
    this.questions = questions;
    this.methods = methods;
    this.rankings = rankings;
  }

  String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "    %-26s %8s %9s %7s %7s %8s %13s %12s %10s %11s%n",
            "method",
            "recall@5",
            "recall@10",
            "MRR@10",
            "chunks",
            "embedded",
            "median tokens",
            "median chars",
            "truncated",
            "pages/query"));
    for (int m = 0; m < methods.size(); m++) {
      Scores s = Scores.of(questions, rankings.get(m));
      ChunkStats c = methods.get(m).chunks();
      double pages = rankings.get(m).stream().mapToInt(List::size).average().orElse(0);
      out.append(
          String.format(
              Locale.ROOT,
              "    %-26s %8.3f %9.3f %7.3f %7d %8d %13d %12d %10d %11.1f%n",
              methods.get(m).name(),
              s.recallAt5(),
              s.recallAt10(),
              s.mrrAt10(),
              c.chunks(),
              c.embedded(),
              c.medianTokens(),
              c.medianChars(),
              c.truncated(),
              pages));
    }
    return out.toString();
  }

  /** The same scores for each kind of question, to see where a method wins or loses. */
  String byKind() {
    StringBuilder out = new StringBuilder();
    for (String kind : new TreeSet<>(questions.stream().map(Question::kind).toList())) {
      List<Integer> picked = new ArrayList<>();
      for (int q = 0; q < questions.size(); q++) {
        if (questions.get(q).kind().equals(kind)) {
          picked.add(q);
        }
      }
      out.append(String.format(Locale.ROOT, "    %s (%d):", kind, picked.size()));
      for (int m = 0; m < methods.size(); m++) {
        Scores s = scores(m, picked);
        out.append(
            String.format(
                Locale.ROOT,
                "  %s R@5 %.3f R@10 %.3f MRR %.3f;",
                methods.get(m).name(),
                s.recallAt5(),
                s.recallAt10(),
                s.mrrAt10()));
      }
      out.setLength(out.length() - 1);
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Each method's scores on the questions of odd lines and of even lines of the questions file: two
   * halves, so a setting picked on one half can be checked on the other.
   */
  String byHalf() {
    StringBuilder out = new StringBuilder();
    List<Integer> odd = new ArrayList<>();
    List<Integer> even = new ArrayList<>();
    for (int q = 0; q < questions.size(); q++) {
      (questions.get(q).half().equals("odd") ? odd : even).add(q);
    }
    out.append(
        String.format(
            Locale.ROOT,
            "    %-26s %-24s %s%n",
            "by half: R@5 / R@10 / MRR",
            "odd lines (" + odd.size() + ")",
            "even lines (" + even.size() + ")"));
    for (int m = 0; m < methods.size(); m++) {
      Scores o = scores(m, odd);
      Scores e = scores(m, even);
      out.append(
          String.format(
              Locale.ROOT,
              "    %-26s %.3f / %.3f / %.3f   %.3f / %.3f / %.3f%n",
              methods.get(m).name(),
              o.recallAt5(),
              o.recallAt10(),
              o.mrrAt10(),
              e.recallAt5(),
              e.recallAt10(),
              e.mrrAt10()));
    }
    return out.toString();
  }

  private Scores scores(int method, List<Integer> picked) {
    List<List<String>> ranked = rankings.get(method);
    return Scores.of(
        picked.stream().map(questions::get).toList(), picked.stream().map(ranked::get).toList());
  }

  /** Questions {@code method} misses (no answer page in its pages), with the other's rank. */
  String misses(String method, String other) {
    int m = index(method);
    int o = index(other);
    StringBuilder out = new StringBuilder();
    int count = 0;
    for (int q = 0; q < questions.size(); q++) {
      Question question = questions.get(q);
      List<String> ranked = rankings.get(m).get(q);
      if (Scores.rank(question, ranked) > 0) {
        continue;
      }
      count++;
      int otherRank = Scores.rank(question, rankings.get(o).get(q));
      out.append(
          String.format(
              Locale.ROOT,
              "      %s | expected %s | first: %s | %s: %s%n",
              question.text(),
              String.join(" ", new TreeSet<>(question.answers())),
              ranked.isEmpty() ? "-" : ranked.get(0),
              other,
              otherRank == 0 ? "missed" : "rank " + otherRank));
    }
    return String.format(Locale.ROOT, "    %s misses (%d):%n", method, count) + out;
  }

  /**
   * Question by question, {@code method} against {@code other}: found in the top 10 by one only,
   * and which ranks the first answer page higher (a miss counts as below every rank).
   */
  String compare(String method, String other) {
    int m = index(method);
    int o = index(other);
    int onlyM = 0;
    int onlyO = 0;
    int higherM = 0;
    int higherO = 0;
    int same = 0;
    for (int q = 0; q < questions.size(); q++) {
      int a = Scores.rank(questions.get(q), rankings.get(m).get(q));
      int b = Scores.rank(questions.get(q), rankings.get(o).get(q));
      onlyM += a > 0 && b == 0 ? 1 : 0;
      onlyO += b > 0 && a == 0 ? 1 : 0;
      int ra = a == 0 ? Integer.MAX_VALUE : a;
      int rb = b == 0 ? Integer.MAX_VALUE : b;
      if (ra < rb) {
        higherM++;
      } else if (rb < ra) {
        higherO++;
      } else {
        same++;
      }
    }
    return String.format(
        Locale.ROOT,
        "    %s vs %s: found only by the first %d, only by the second %d; ranked higher by the"
            + " first %d, by the second %d, same %d%n",
        method,
        other,
        onlyM,
        onlyO,
        higherM,
        higherO,
        same);
  }

  /**
   * line, question, answers, kind, then per method: rank of the first answer page (0: none) and top
   * page.
   */
  String ranksTsv() {
    StringBuilder out = new StringBuilder("line\tquestion\tanswers\tkind");
    for (Method method : methods) {
      out.append('\t').append(method.name()).append(" rank\t").append(method.name()).append(" top");
    }
    out.append('\n');
    for (int q = 0; q < questions.size(); q++) {
      Question question = questions.get(q);
      out.append(question.line())
          .append('\t')
          .append(question.text())
          .append('\t')
          .append(String.join(" ", new TreeSet<>(question.answers())))
          .append('\t')
          .append(question.kind());
      for (int m = 0; m < methods.size(); m++) {
        List<String> ranked = rankings.get(m).get(q);
        out.append('\t')
            .append(Scores.rank(question, ranked))
            .append('\t')
            .append(ranked.isEmpty() ? "" : ranked.get(0));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private int index(String method) {
    for (int m = 0; m < methods.size(); m++) {
      if (methods.get(m).name().equals(method)) {
        return m;
      }
    }
    throw new IllegalArgumentException("no method " + method);
  }
}
