package io.lakesync.gate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lakesync.embed.TextEmbedder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Golden queries: questions the data owners know the answer to, kept in the repository next to the
 * data (so they are versioned with it), for example:
 *
 * <pre>
 * queries:
 *   - query: how long are backups kept?
 *     expect: [docs/guides/backups.md]
 *   - query: reset a password
 *     expect: [docs/faq/passwords.md]
 *     k: 3
 * </pre>
 *
 * Recall@k of a query is the share of its expected paths among the paths of its top k hits; the
 * check passes when the mean over all queries reaches {@code min_recall}.
 */
public record GoldenQueries(List<Query> queries) {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public GoldenQueries {
    queries = queries == null ? List.of() : List.copyOf(queries);
  }

  /** One golden query; {@code k} falls back to the table's {@code golden_k}. */
  public record Query(String query, List<String> expect, Integer k) {}

  /** What the golden queries reached. */
  record Recall(double mean, double min, int queries, List<String> details) {
    boolean passed() {
      return mean >= min;
    }

    String summary() {
      return String.format(
          Locale.ROOT, "golden recall %.2f over %d queries (min %.2f)", mean, queries, min);
    }
  }

  /** Top-k hit paths for a query vector, best first. */
  interface Search {
    List<String> paths(float[] query, int k);
  }

  public static GoldenQueries parse(String yaml) throws IOException {
    GoldenQueries parsed = YAML.readValue(yaml, GoldenQueries.class);
    if (parsed == null || parsed.queries().isEmpty()) {
      throw new IOException("no queries");
    }
    for (Query q : parsed.queries()) {
      if (q.query() == null || q.query().isBlank() || q.expect() == null || q.expect().isEmpty()) {
        throw new IOException("every query needs 'query' and a non-empty 'expect'");
      }
    }
    return parsed;
  }

  Recall evaluate(TextEmbedder embedder, Search search, int defaultK, double minRecall) {
    List<float[]> vectors = embedder.embedQueries(queries.stream().map(Query::query).toList());
    double total = 0;
    List<String> details = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      Query q = queries.get(i);
      int k = q.k() == null ? defaultK : q.k();
      Set<String> found = new LinkedHashSet<>(search.paths(vectors.get(i), k));
      List<String> missed = q.expect().stream().filter(p -> !found.contains(p)).toList();
      double recall = 1.0 - (double) missed.size() / q.expect().size();
      total += recall;
      if (!missed.isEmpty()) {
        details.add(
            String.format(
                Locale.ROOT,
                "golden query \"%s\": recall@%d %.2f, missed %s",
                q.query(),
                k,
                recall,
                missed));
      }
    }
    return new Recall(total / queries.size(), minRecall, queries.size(), details);
  }
}
