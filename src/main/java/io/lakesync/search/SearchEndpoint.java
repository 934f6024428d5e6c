package io.lakesync.search;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.lakesync.config.TableConfig;
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
 * {@code GET /search?table=&ref=&q=&k=&prefix=}: the same answer as {@code lakesync search --json},
 * for programs (a RAG service logging the commit ID it retrieved from). 400 for a bad request, 404
 * when the table, ref or table-at-ref does not exist, 409 on a model mismatch.
 */
public final class SearchEndpoint implements HttpHandler {
  public static final String PATH = "/search";
  private static final Logger LOG = LoggerFactory.getLogger(SearchEndpoint.class);

  private final List<TableConfig> tables;
  private final TableSearch search;

  public SearchEndpoint(List<TableConfig> tables, TableSearch search) {
    this.tables = List.copyOf(tables);
    this.search = search;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Answer answer = answer(exchange.getRequestMethod(), exchange.getRequestURI().getRawQuery());
    byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  record Answer(int status, String json) {}

  Answer answer(String method, String rawQuery) {
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
      return error(
          404,
          "no table '"
              + tableName
              + "'; tables: "
              + tables.stream().map(TableConfig::name).toList());
    }
    int k;
    try {
      k = Integer.parseInt(params.getOrDefault("k", "10"));
    } catch (NumberFormatException e) {
      return error(400, "k must be a number");
    }
    String ref = params.getOrDefault("ref", table.get().targetBranch());
    try {
      return new Answer(
          200,
          AnswerJson.of(
              search.search(
                  table.get(), ref, query, k, Optional.ofNullable(params.get("prefix")))));
    } catch (SearchException e) {
      String message = e.getMessage();
      int status =
          message.startsWith("k must") || message.startsWith("the query")
              ? 400
              : message.contains("embedded with") ? 409 : 404;
      return error(status, message);
    } catch (IOException | RuntimeException e) {
      LOG.warn("search in {} at {} failed", tableName, ref, e);
      return error(502, "search failed: " + e.getMessage());
    }
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
