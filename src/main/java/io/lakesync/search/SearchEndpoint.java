package io.lakesync.search;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.lakesync.config.TableConfig;
import io.lakesync.failure.Failure;
import io.lakesync.failure.FailureClassifier;
import io.lakesync.http.CallerAuth;
import io.lakesync.lakefs.LakeFsFailure;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /search?table=&ref=&q=&k=&prefix=&mode=}: the same answer as {@code lakesync search
 * --json}, for programs (a RAG service logging the commit ID it retrieved from). The caller
 * authenticates with their own lakeFS access key pair and the table is read as them, through lakeFS
 * ({@link CallerAuth}): 401 without valid credentials, 403 when lakeFS does not let them read the
 * repository. 400 for a bad request, 404 when the table, ref or table-at-ref does not exist (an
 * unknown table is not answered with the list of the others), 409 on a model mismatch, 502 when the
 * backend fails.
 */
public final class SearchEndpoint implements HttpHandler {
  public static final String PATH = "/search";
  private static final Logger LOG = LoggerFactory.getLogger(SearchEndpoint.class);

  private final List<TableConfig> tables;
  private final CallerAuth auth;
  private final Function<CallerAuth.Caller, TableSearch> searchAs;

  public SearchEndpoint(
      List<TableConfig> tables,
      CallerAuth auth,
      Function<CallerAuth.Caller, TableSearch> searchAs) {
    this.tables = List.copyOf(tables);
    this.auth = auth;
    this.searchAs = searchAs;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Optional<CallerAuth.Caller> caller = auth.authenticate(exchange);
    if (caller.isEmpty()) {
      return;
    }
    Answer answer =
        answer(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawQuery(),
            searchAs.apply(caller.get()));
    byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  record Answer(int status, String json) {}

  Answer answer(String method, String rawQuery, TableSearch search) {
    if (!"GET".equals(method)) {
      return error(405, "GET only");
    }
    Map<String, String> params = params(rawQuery);
    String tableName = params.get("table");
    String query = params.get("q");
    if (tableName == null || query == null || query.isBlank()) {
      return error(400, "table and q are required");
    }
    Optional<TableConfig> table =
        tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
    if (table.isEmpty()) {
      return error(404, "no table '" + tableName + "'");
    }
    int k;
    try {
      k = Integer.parseInt(params.getOrDefault("k", "10"));
    } catch (NumberFormatException e) {
      return error(400, "k must be a number");
    }
    String ref = params.getOrDefault("ref", table.get().targetBranch());
    try {
      SearchMode mode = SearchMode.parse(params.getOrDefault("mode", SearchMode.DEFAULT.label()));
      return new Answer(
          200,
          AnswerJson.of(
              search.search(
                  table.get(), ref, query, k, Optional.ofNullable(params.get("prefix")), mode)));
    } catch (SearchException e) {
      String message = e.getMessage();
      int status =
          message.startsWith("k must")
                  || message.startsWith("the query")
                  || message.startsWith("mode must")
              ? 400
              : message.contains("embedded with") || message.contains("no full-text index")
                  ? 409
                  : 404;
      return error(status, message);
    } catch (IOException | RuntimeException e) {
      if (refused(e)) {
        return error(
            403,
            "lakeFS does not let these credentials read repository " + table.get().repository());
      }
      Failure failure = FailureClassifier.classify(e);
      LOG.warn("search in {} at {} failed: {}", tableName, ref, failure.reason());
      return error(502, "search failed: " + failure.reason());
    }
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
          || m.contains("401 Unauthorized")) {
        return true;
      }
    }
    return false;
  }

  private static Answer error(int status, String message) {
    return new Answer(status, AnswerJson.of(Map.of("error", message)));
  }

  private static Map<String, String> params(String rawQuery) {
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
