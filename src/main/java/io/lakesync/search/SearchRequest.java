package io.lakesync.search;

import io.lakesync.config.TableConfig;
import io.lakesync.failure.Failure;
import io.lakesync.failure.FailureClassifier;
import io.lakesync.lakefs.LakeFsFailure;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One search asked over HTTP ({@code table}, {@code q} or {@code image}, {@code ref}, {@code k},
 * {@code prefix}, {@code mode}), answered or refused with an HTTP status: what the JSON endpoint
 * and the search page both need, so they never disagree on what a request means. 400 for a bad
 * request, 404 when the table, ref or table-at-ref does not exist (an unknown table is not answered
 * with the list of the others), 403 when lakeFS refuses the caller, 409 when the table cannot
 * answer as asked (another model, no full-text index), 502 when the backend fails.
 */
final class SearchRequest {
  private static final Logger LOG = LoggerFactory.getLogger(SearchRequest.class);

  /** The answer, or why there is none. */
  sealed interface Outcome {
    record Answered(SearchAnswer answer) implements Outcome {}

    record Refused(int status, String message) implements Outcome {}
  }

  private SearchRequest() {}

  static Outcome run(Map<String, String> params, List<TableConfig> tables, TableSearch search) {
    String tableName = params.get("table");
    String query = params.get("q");
    String image = params.get("image");
    boolean byImage = image != null && !image.isBlank();
    boolean byText = query != null && !query.isBlank();
    if (tableName == null || byImage == byText) {
      return new Outcome.Refused(400, "table and one of q or image are required");
    }
    Optional<TableConfig> table =
        tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
    if (table.isEmpty()) {
      return new Outcome.Refused(404, "no table '" + tableName + "'");
    }
    int k;
    try {
      k = Integer.parseInt(params.getOrDefault("k", "10"));
    } catch (NumberFormatException e) {
      return new Outcome.Refused(400, "k must be a number");
    }
    String ref = refOf(params, table.get());
    try {
      Optional<String> prefix = Optional.ofNullable(params.get("prefix")).filter(p -> !p.isBlank());
      if (byImage) {
        QueryImage.LakeFsObject object = QueryImage.parse(image.strip());
        return new Outcome.Answered(search.searchImage(table.get(), ref, object, k, prefix));
      }
      SearchMode mode = SearchMode.parse(params.getOrDefault("mode", SearchMode.DEFAULT.label()));
      return new Outcome.Answered(search.search(table.get(), ref, query, k, prefix, mode));
    } catch (SearchException e) {
      return new Outcome.Refused(status(e.getMessage()), e.getMessage());
    } catch (IOException | RuntimeException e) {
      if (refused(e)) {
        return new Outcome.Refused(
            403,
            "lakeFS does not let these credentials read repository " + table.get().repository());
      }
      Failure failure = FailureClassifier.classify(e);
      LOG.warn("search in {} at {} failed: {}", tableName, ref, failure.reason());
      return new Outcome.Refused(502, "search failed: " + failure.reason());
    }
  }

  /** The status a refusal answers with, by what {@link TableSearch} said. */
  static int status(String message) {
    if (message.contains("embedded with")
        || message.contains("no full-text index")
        || message.contains("no image vectors")
        || message.startsWith("image search is not available")) {
      return 409;
    }
    if (message.startsWith("k must")
        || message.startsWith("the query")
        || message.startsWith("mode must")
        || message.startsWith("the image")) {
      return 400;
    }
    return 404;
  }

  /** The ref asked for; the table's target branch when none (or a blank one) is. */
  static String refOf(Map<String, String> params, TableConfig table) {
    String ref = params.get("ref");
    return ref == null || ref.isBlank() ? table.targetBranch() : ref.strip();
  }

  /** lakeFS (its API, or its S3 gateway under Lance) refused the caller's credentials. */
  static boolean refused(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LakeFsFailure f && (f.status() == 401 || f.status() == 403)) {
        return true;
      }
      String m = String.valueOf(t.getMessage());
      if (m.contains("AccessDenied")
          || m.contains("403 Forbidden")
          || m.contains("status: 403")
          || m.contains("Status Code: 403")
          || m.contains("Status Code: 401")
          || m.contains("401 Unauthorized")) {
        return true;
      }
    }
    return false;
  }

  /** The decoded parameters of a raw query string; the last of repeated names wins. */
  static Map<String, String> params(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery == null) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }
}
