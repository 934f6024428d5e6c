package io.lakesync.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.lakesync.util.DaemonThreads;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one HTTP server of {@code lakesync serve}: lakeFS webhooks, the pre-merge quality gate,
 * health and Prometheus metrics, on one port.
 */
public final class HttpEndpoints implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private HttpEndpoints(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static HttpEndpoints start(
      InetSocketAddress address, Map<String, HttpHandler> routes, PrometheusMeterRegistry metrics)
      throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    // Daemon threads, shut down in close(): a stopped server must never keep the JVM alive. Eight,
    // so webhooks keep flowing while pre-merge audits run.
    ExecutorService executor =
        Executors.newFixedThreadPool(8, DaemonThreads.named("lakesync-http"));
    routes.forEach(server::createContext);
    server.createContext("/health/live", exchange -> TextResponses.send(exchange, 200, "live"));
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.setExecutor(executor);
    server.start();
    return new HttpEndpoints(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}
