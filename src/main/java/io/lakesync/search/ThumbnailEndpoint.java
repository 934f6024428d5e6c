package io.lakesync.search;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.lakesync.config.TableConfig;
import io.lakesync.extract.Extraction;
import io.lakesync.extract.ImageDecoder;
import io.lakesync.http.CallerAuth;
import io.lakesync.http.TextResponses;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /thumbnail?table=&commit=&path=}: an image of the table's repository at a commit,
 * scaled down to {@value Thumbnails#MAX_SIDE} pixels (JPEG), for the search page. Behind the same
 * authentication as {@code /find}, and the original is read as the caller, so nobody sees a preview
 * of what lakeFS would not show them. Only a commit ID is accepted: the object at a commit never
 * changes, so the answer is cached for good ({@code immutable}), but privately (it is one caller's
 * read).
 */
public final class ThumbnailEndpoint implements HttpHandler {
  public static final String PATH = "/thumbnail";
  private static final Logger LOG = LoggerFactory.getLogger(ThumbnailEndpoint.class);
  private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{64}");

  /**
   * Thumbnails made at once. The HTTP server's few threads also answer lakeFS's webhooks and
   * pre-merge hooks: a page of a hundred image hits must not take them all, so a thumbnail over the
   * limit is refused (503, the browser shows the alt text) rather than queued.
   */
  static final int CONCURRENT = 2;

  private final CallerSearch search;
  private final Semaphore slots = new Semaphore(CONCURRENT);

  public ThumbnailEndpoint(CallerSearch search) {
    this.search = search;
  }

  /** A thumbnail or why there is none. */
  record Answer(int status, byte[] jpeg, String message) {
    static Answer refused(int status, String message) {
      return new Answer(status, null, message);
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!"GET".equals(exchange.getRequestMethod())) {
      TextResponses.send(exchange, 405, "GET only");
      return;
    }
    Optional<CallerAuth.Caller> caller = search.auth().authenticate(exchange);
    if (caller.isEmpty()) {
      return;
    }
    Answer answer;
    try {
      if (!slots.tryAcquire(2, TimeUnit.SECONDS)) {
        exchange.getResponseHeaders().set("Retry-After", "1");
        TextResponses.send(exchange, 503, "busy making other thumbnails; try again");
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      TextResponses.send(exchange, 503, "shutting down");
      return;
    }
    try {
      answer =
          answer(
              SearchRequest.params(exchange.getRequestURI().getRawQuery()),
              search.objectsAs().apply(caller.get()));
    } finally {
      slots.release();
    }
    if (answer.jpeg() == null) {
      TextResponses.send(exchange, answer.status(), answer.message());
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
    exchange.getResponseHeaders().set("Cache-Control", "private, max-age=31536000, immutable");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(200, answer.jpeg().length);
    exchange.getResponseBody().write(answer.jpeg());
    exchange.close();
  }

  Answer answer(Map<String, String> params, ObjectReader objects) {
    String tableName = params.get("table");
    String commit = params.get("commit");
    String path = params.get("path");
    if (tableName == null || commit == null || path == null || path.isBlank()) {
      return Answer.refused(400, "table, commit and path are required");
    }
    if (!COMMIT_ID.matcher(commit).matches()) {
      return Answer.refused(400, "commit must be a commit ID (64 hexadecimal digits)");
    }
    Optional<TableConfig> table =
        search.tables().stream().filter(t -> t.name().equals(tableName)).findFirst();
    if (table.isEmpty()) {
      return Answer.refused(404, "no table '" + tableName + "'");
    }
    try {
      Optional<byte[]> content = objects.read(table.get().repository(), commit, path);
      if (content.isEmpty()) {
        return Answer.refused(404, "no object " + path + " at " + commit);
      }
      // Decoded no larger than needed: the readers subsample to about the thumbnail's size.
      Extraction decoded =
          new ImageDecoder(table.get().images().maxPixels(), Thumbnails.MAX_SIDE)
              .decode(path, content.get());
      if (!(decoded instanceof Extraction.Image image)) {
        return Answer.refused(415, path + " is not an image lakesync can decode");
      }
      return new Answer(
          200, Thumbnails.jpeg(Thumbnails.scaled(image.image(), Thumbnails.MAX_SIDE)), null);
    } catch (SearchException e) {
      return Answer.refused(413, e.getMessage());
    } catch (IOException | RuntimeException e) {
      if (SearchRequest.refused(e)) {
        return Answer.refused(
            403,
            "lakeFS does not let these credentials read repository " + table.get().repository());
      }
      LOG.warn("thumbnail of {} in {} failed: {}", path, tableName, e.toString());
      return Answer.refused(502, "reading the image failed");
    }
  }
}
