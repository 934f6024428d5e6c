package io.lakesync.search;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.lakesync.http.CallerAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
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

  private final CallerSearch search;

  public SearchEndpoint(CallerSearch search) {
    this.search = search;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Optional<CallerAuth.Caller> caller = search.auth().authenticate(exchange);
    if (caller.isEmpty()) {
      return;
    }
    Answer answer =
        answer(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawQuery(),
            search.searchAs().apply(caller.get()));
    byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  record Answer(int status, String json) {}

  Answer answer(String method, String rawQuery, TableSearch tableSearch) {
    if (!"GET".equals(method)) {
      return error(405, "GET only");
    }
    SearchRequest.Outcome outcome =
        SearchRequest.run(SearchRequest.params(rawQuery), search.tables(), tableSearch);
    if (outcome instanceof SearchRequest.Outcome.Answered answered) {
      return new Answer(200, AnswerJson.of(answered.answer()));
    }
    SearchRequest.Outcome.Refused refused = (SearchRequest.Outcome.Refused) outcome;
    return error(refused.status(), refused.message());
  }

  private static Answer error(int status, String message) {
    return new Answer(status, AnswerJson.of(Map.of("error", message)));
  }
}
