package io.lakesync.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health/ready}: 200 when Kafka Streams is RUNNING and lakeFS answers, 503 otherwise
 * (with which one is not). Readiness, not liveness: a rebalance or a lakeFS outage takes the pod
 * out of the Service (lakeFS's webhooks go to a ready replica) without restarting it.
 */
public final class Readiness implements HttpHandler {
  public static final String PATH = "/health/ready";

  private final BooleanSupplier streamsRunning;
  private final BooleanSupplier lakeFsReachable;

  public Readiness(BooleanSupplier streamsRunning, BooleanSupplier lakeFsReachable) {
    this.streamsRunning = streamsRunning;
    this.lakeFsReachable = lakeFsReachable;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    boolean streams = streamsRunning.getAsBoolean();
    boolean lakefs = lakeFsReachable.getAsBoolean();
    String text =
        "streams "
            + (streams ? "running" : "not running")
            + ", lakeFS "
            + (lakefs ? "reachable" : "unreachable");
    TextResponses.send(exchange, streams && lakefs ? 200 : 503, text);
  }
}
