package io.lakesync.http;

import com.sun.net.httpserver.HttpExchange;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.Secret;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.lakefs.SdkLakeFs;
import io.lakesync.sync.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Who is calling: endpoints that show document content or repository state accept only a caller's
 * own lakeFS access key pair (HTTP basic auth), and then read <em>as that caller</em>, so lakeFS
 * alone decides what they may see. There is no second permission system: with open-source lakeFS's
 * single admin that is everything; with lakeFS's ACL server or RBAC, it is what the caller's groups
 * and policies allow.
 *
 * <p>A key pair is checked against lakeFS ({@code GET /user}) and the answer is kept for {@link
 * #TTL}, keyed by a hash of the pair (the secret itself is never kept or logged), so a busy search
 * client costs lakeFS one call a minute. A revoked key therefore works for at most that long.
 */
public final class CallerAuth {
  public static final Duration TTL = Duration.ofSeconds(60);
  static final String CHALLENGE = "Basic realm=\"lakesync (lakeFS access key pair)\"";

  /** A caller's reads wait for no hook, so they need none of the merge's long read timeout. */
  static final Duration CALLER_READ_TIMEOUT = Duration.ofSeconds(30);

  /** Checks a key pair with lakeFS: true when lakeFS knows it, false when lakeFS says 401. */
  @FunctionalInterface
  public interface Verifier {
    boolean valid(LakeFs lakeFs) throws IOException;
  }

  /** An authenticated caller: reads go through lakeFS with the caller's own key pair. */
  public record Caller(String accessKeyId, LakeFsSettings settings, LakeFs lakeFs) {
    /** Whether lakeFS lets this caller read the repository. */
    public boolean mayRead(String repository) throws IOException {
      return lakeFs.canRead(repository);
    }
  }

  /** The result: a caller, or the status and message to answer with. */
  public sealed interface Outcome {
    record Allowed(Caller caller) implements Outcome {}

    record Denied(int status, String message) implements Outcome {}
  }

  private record Cached(Caller caller, long expiresAtMillis) {}

  private final LakeFsSettings service;
  private final Function<LakeFsSettings, LakeFs> connect;
  private final Verifier verifier;
  private final LongSupplier clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /**
   * @param errors told of callers' failed lakeFS calls; a caller refused a repository is an answer
   *     and is not reported
   */
  public CallerAuth(LakeFsSettings service, LakeFsErrors errors) {
    this(
        service,
        settings -> SdkLakeFs.connect(settings, CALLER_READ_TIMEOUT, errors),
        LakeFs::credentialsValid,
        System::currentTimeMillis);
  }

  CallerAuth(
      LakeFsSettings service,
      Function<LakeFsSettings, LakeFs> connect,
      Verifier verifier,
      LongSupplier clock) {
    this.service = service;
    this.connect = connect;
    this.verifier = verifier;
    this.clock = clock;
  }

  public Outcome authenticate(String authorization) {
    Optional<String[]> pair = basic(authorization);
    if (pair.isEmpty()) {
      return new Outcome.Denied(401, "lakeFS access key pair required (HTTP basic auth)");
    }
    // A NUL cannot occur in either part of a key pair: the joined string names exactly one pair.
    String key = Hashing.sha256(pair.get()[0] + '\0' + pair.get()[1]);
    long now = clock.getAsLong();
    Cached cached = cache.get(key);
    if (cached != null && cached.expiresAtMillis() > now) {
      return new Outcome.Allowed(cached.caller());
    }
    LakeFsSettings settings =
        new LakeFsSettings(service.endpoint(), pair.get()[0], Secret.of(pair.get()[1]));
    LakeFs lakeFs = connect.apply(settings);
    try {
      if (!verifier.valid(lakeFs)) {
        cache.remove(key);
        return new Outcome.Denied(401, "lakeFS does not accept this access key pair");
      }
    } catch (IOException e) {
      return new Outcome.Denied(503, "cannot check credentials with lakeFS now; retry later");
    }
    Caller caller = new Caller(pair.get()[0], settings, lakeFs);
    cache.put(key, new Cached(caller, now + TTL.toMillis()));
    return new Outcome.Allowed(caller);
  }

  /**
   * The caller of an exchange, or empty after answering 401 (with a challenge, so browsers ask for
   * the key pair), 403 or 503.
   */
  public Optional<Caller> authenticate(HttpExchange exchange) throws IOException {
    Outcome outcome = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
    if (outcome instanceof Outcome.Allowed allowed) {
      return Optional.of(allowed.caller());
    }
    Outcome.Denied denied = (Outcome.Denied) outcome;
    if (denied.status() == 401) {
      exchange.getResponseHeaders().set("WWW-Authenticate", CHALLENGE);
    }
    TextResponses.send(exchange, denied.status(), denied.message());
    return Optional.empty();
  }

  static Optional<String[]> basic(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).strip()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0 || colon == decoded.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
  }
}
