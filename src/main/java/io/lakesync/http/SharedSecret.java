package io.lakesync.http;

import com.sun.net.httpserver.HttpExchange;
import io.lakesync.config.Secret;
import io.lakesync.config.ServiceConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The shared secret lakeFS sends in {@value ServiceConfig#WEBHOOK_SECRET_HEADER} (from {@code {{
 * ENV.LAKEFSACTION_... }}}; lakeFS has no request signing). Compared in constant time, so the
 * secret cannot leak through response timing.
 */
public final class SharedSecret {
  private final byte[] expected;

  public SharedSecret(Secret secret) {
    this.expected = secret.reveal().getBytes(StandardCharsets.UTF_8);
  }

  public boolean sentWith(HttpExchange exchange) {
    String sent = exchange.getRequestHeaders().getFirst(ServiceConfig.WEBHOOK_SECRET_HEADER);
    return sent != null && MessageDigest.isEqual(expected, sent.getBytes(StandardCharsets.UTF_8));
  }
}
