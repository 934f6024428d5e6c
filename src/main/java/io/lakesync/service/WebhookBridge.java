package io.lakesync.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.lakesync.event.BranchKey;
import io.lakesync.http.SharedSecret;
import io.lakesync.http.TextResponses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * them, unchanged, to the input topic, keyed by {@code repository/branch} so one branch's events
 * stay in one partition from the start. Callers must send the shared secret: else 401.
 *
 * <p>The answer tells the truth: it waits until the producer has settled the record, which it does
 * within {@link SyncService#PRODUCER_SETTLES} (metadata wait plus delivery timeout). 202 means the
 * broker acknowledged the write (idempotent producer, acks=all). 503 means it did not; the record
 * is no longer pending in the producer, so it is not delivered later behind lakeFS's back (Kafka
 * cannot rule out that a timed-out write landed, which is harmless: a duplicate event is a noop).
 * On 503 the reconciler is told, and passes every few seconds until the broker is back.
 */
public final class WebhookBridge implements HttpHandler {
  public static final String PATH = "/webhooks/lakefs";
  static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(WebhookBridge.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final SharedSecret secret;
  private final Duration settles;
  private final Runnable eventLost;

  public WebhookBridge(
      Producer<byte[], byte[]> producer,
      String topic,
      SharedSecret secret,
      Duration settles,
      Runnable eventLost) {
    this.producer = producer;
    this.topic = topic;
    this.secret = secret;
    this.settles = settles;
    this.eventLost = eventLost;
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
    byte[] key =
        key(body.get()).map(k -> k.toString().getBytes(StandardCharsets.UTF_8)).orElse(null);
    try {
      producer
          .send(new ProducerRecord<>(topic, key, body.get()))
          .get(settles.toMillis(), TimeUnit.MILLISECONDS);
      TextResponses.send(exchange, 202, "accepted");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      eventLost.run();
      TextResponses.send(exchange, 503, "interrupted");
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.warn("could not produce a webhook event to {}: {}", topic, e.toString());
      eventLost.run();
      TextResponses.send(exchange, 503, "event not stored; retry later");
    }
  }

  /**
   * The branch an event is about, read leniently: a body that is not a commit event still goes to
   * the topic (without a key), where the parser gives it its dead-letter reason.
   */
  static Optional<BranchKey> key(byte[] body) {
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null
          && json.path("repository_id").isTextual()
          && json.path("branch_id").isTextual()) {
        return Optional.of(
            new BranchKey(json.get("repository_id").asText(), json.get("branch_id").asText()));
      }
    } catch (IOException e) {
      // not JSON: no key
    }
    return Optional.empty();
  }
}
