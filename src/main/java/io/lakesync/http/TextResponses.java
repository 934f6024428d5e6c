package io.lakesync.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Plain-text answers and bounded request bodies for lakesync's small HTTP endpoints. */
public final class TextResponses {
  private TextResponses() {}

  public static void send(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** The request body, or empty (after answering 413) when it exceeds {@code maxBytes}. */
  public static Optional<byte[]> body(HttpExchange exchange, int maxBytes) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(maxBytes + 1);
    }
    if (body.length > maxBytes) {
      send(exchange, 413, "request larger than " + maxBytes + " bytes");
      return Optional.empty();
    }
    return Optional.of(body);
  }

  /**
   * Answers 405 or 401 and returns false unless the request is a POST carrying the shared secret.
   */
  public static boolean authorizedPost(HttpExchange exchange, SharedSecret secret)
      throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      send(exchange, 405, "POST only");
      return false;
    }
    if (!secret.sentWith(exchange)) {
      send(exchange, 401, "missing or wrong secret");
      return false;
    }
    return true;
  }
}
