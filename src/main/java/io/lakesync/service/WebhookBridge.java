package io.lakesync.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.lakesync.http.SharedSecret;
import io.lakesync.http.TextResponses;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
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
 * that lakeFS logs, and the reconciler heals the gap. Callers must send the shared secret: else
 * 401.
 */
public final class WebhookBridge implements HttpHandler {
  public static final String PATH = "/webhooks/lakefs";
  static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(WebhookBridge.class);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final SharedSecret secret;

  public WebhookBridge(Producer<byte[], byte[]> producer, String topic, SharedSecret secret) {
    this.producer = producer;
    this.topic = topic;
    this.secret = secret;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!TextResponses.authorizedPost(exchange, secret)) {
      return;
    }
    Optional<byte[]> body = TextResponses.body(exchange, MAX_BODY_BYTES);
    if (body.isEmpty()) {
      return;
    }
    try {
      producer.send(new ProducerRecord<>(topic, body.get())).get(30, TimeUnit.SECONDS);
      TextResponses.send(exchange, 202, "accepted");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      TextResponses.send(exchange, 503, "interrupted");
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("could not produce a webhook event to {}: {}", topic, e.toString());
      TextResponses.send(exchange, 503, "event not stored; retry later");
    }
  }
}
