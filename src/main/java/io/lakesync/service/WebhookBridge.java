package io.lakesync.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lakesync.config.Secret;
import io.lakesync.sync.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/lakefs}: receives lakeFS post-commit and post-merge webhooks and produces
 * them, unchanged, to the input topic. It answers 202 only after the broker acknowledged the write
 * (idempotent producer, acks=all), so a 2xx means the event is durable; anything else is a non-2xx
 * that lakeFS logs, and the reconciler heals the gap. Callers must send the shared secret in {@code
 * X-Lakesync-Secret} (lakeFS does, from {@code {{ ENV.LAKEFSACTION_... }}}): else 401.
 */
public final class WebhookBridge implements AutoCloseable {
  public static final String PATH = "/webhooks/lakefs";
  static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(WebhookBridge.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final byte[] secret;

  private WebhookBridge(
      HttpServer server,
      ExecutorService executor,
      Producer<byte[], byte[]> producer,
      String topic,
      Secret secret) {
    this.server = server;
    this.executor = executor;
    this.producer = producer;
    this.topic = topic;
    this.secret = secret.reveal().getBytes(StandardCharsets.UTF_8);
  }

  public static WebhookBridge start(
      InetSocketAddress address, Producer<byte[], byte[]> producer, String topic, Secret secret)
      throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    // Daemon threads, shut down in close(): a stopped bridge must never keep the JVM alive.
    ExecutorService executor =
        Executors.newFixedThreadPool(4, DaemonThreads.named("lakesync-http"));
    WebhookBridge bridge = new WebhookBridge(server, executor, producer, topic, secret);
    server.createContext(PATH, bridge::handle);
    server.createContext("/health/live", exchange -> respond(exchange, 200, "live"));
    server.setExecutor(executor);
    server.start();
    return bridge;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      respond(exchange, 405, "POST only");
      return;
    }
    String sent =
        exchange
            .getRequestHeaders()
            .getFirst(io.lakesync.config.ServiceConfig.WEBHOOK_SECRET_HEADER);
    // Constant-time comparison: the secret must not leak through response timing.
    if (sent == null || !MessageDigest.isEqual(secret, sent.getBytes(StandardCharsets.UTF_8))) {
      respond(exchange, 401, "missing or wrong secret");
      return;
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      respond(exchange, 413, "event larger than " + MAX_BODY_BYTES + " bytes");
      return;
    }
    try {
      producer.send(new ProducerRecord<>(topic, body)).get(30, TimeUnit.SECONDS);
      respond(exchange, 202, "accepted");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(exchange, 503, "interrupted");
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("could not produce a webhook event to {}: {}", topic, e.toString());
      respond(exchange, 503, "event not stored; retry later");
    }
  }

  private static void respond(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}
