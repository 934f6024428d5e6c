package io.lakesync.bench.retrieval;

import java.util.List;

/**
 * Page-level scores of one method over a set of questions. A question is found at the rank of its
 * best-ranked answer page; recall@k is the share found within k, MRR@10 the mean of 1/rank within
 * 10 (0 when not found).
 */
record Scores(int questions, double recallAt5, double recallAt10, double mrrAt10) {

  static Scores of(List<Question> questions, List<List<String>> rankings) {
    int at5 = 0;
    int at10 = 0;
    double reciprocal = 0;
    for (int i = 0; i < questions.size(); i++) {
      int rank = rank(questions.get(i), rankings.get(i));
      at5 += rank >= 1 && rank <= 5 ? 1 : 0;
      at10 += rank >= 1 && rank <= 10 ? 1 : 0;
      reciprocal += rank >= 1 && rank <= 10 ? 1.0 / rank : 0;
    }
    int n = questions.size();
    return new Scores(n, (double) at5 / n, (double) at10 / n, reciprocal / n);
  }

  /** 1-based rank of the first answer page in {@code ranked}, or 0 when none is there. */
  static int rank(Question question, List<String> ranked) {
    for (int i = 0; i < ranked.size(); i++) {
      if (question.answers().contains(ranked.get(i))) {
        return i + 1;
      }
    }
    return 0;
  }
}
