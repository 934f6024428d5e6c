package io.lakesync.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.Secret;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.lakefs.SdkLakeFs;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Basic-auth parsing, the lakeFS check and its cache, on a scripted verifier: no network. */
class CallerAuthTest {
  private final List<LakeFs> checked = new ArrayList<>();
  private final List<String> connectedAs = new ArrayList<>();
  private final AtomicLong now = new AtomicLong();
  private boolean lakeFsUp = true;
  private final CallerAuth auth =
      new CallerAuth(
          new LakeFsSettings(URI.create("http://127.0.0.1:9"), "service", Secret.of("s")),
          settings -> {
            connectedAs.add(settings.accessKeyId());
            return SdkLakeFs.connect(settings, LakeFsErrors.NONE);
          },
          lakeFs -> {
            if (!lakeFsUp) {
              throw new IOException("connection refused");
            }
            checked.add(lakeFs);
            return true;
          },
          now::get);

  @Test
  void noOrMalformedCredentialsAre401WithoutAskingLakeFs() {
    assertThat(auth.authenticate((String) null)).isEqualTo(denied(401));
    assertThat(auth.authenticate("Bearer abc")).isEqualTo(denied(401));
    assertThat(auth.authenticate("Basic !!!")).isEqualTo(denied(401));
    assertThat(auth.authenticate(basic("key", ""))).isEqualTo(denied(401));
    assertThat(checked).isEmpty();
  }

  @Test
  void aKeyPairIsCheckedWithLakeFsOnceAMinuteAndTheCallerReadsAsItself() {
    CallerAuth.Outcome first = auth.authenticate(basic("AKIAREADER", "reader-secret"));
    auth.authenticate(basic("AKIAREADER", "reader-secret"));

    assertThat(first).isInstanceOf(CallerAuth.Outcome.Allowed.class);
    CallerAuth.Caller caller = ((CallerAuth.Outcome.Allowed) first).caller();
    assertThat(caller.accessKeyId()).isEqualTo("AKIAREADER");
    assertThat(caller.settings().secretAccessKey().reveal()).isEqualTo("reader-secret");
    assertThat(checked).hasSize(1);
    assertThat(connectedAs).containsExactly("AKIAREADER");
    assertThat(caller.lakeFs()).isSameAs(checked.get(0));

    now.addAndGet(CallerAuth.TTL.toMillis());
    auth.authenticate(basic("AKIAREADER", "reader-secret"));
    assertThat(checked).hasSize(2);
    // Another secret for the same key is another pair: checked, never served from the cache.
    auth.authenticate(basic("AKIAREADER", "guess"));
    assertThat(checked).hasSize(3);
  }

  @Test
  void keysLakeFsRejectsAre401AndAnUnreachableLakeFsIs503() {
    CallerAuth rejecting =
        new CallerAuth(
            new LakeFsSettings(URI.create("http://127.0.0.1:9"), "service", Secret.of("s")),
            settings -> SdkLakeFs.connect(settings, LakeFsErrors.NONE),
            lakeFs -> false,
            now::get);
    assertThat(rejecting.authenticate(basic("AKIA", "wrong")))
        .isEqualTo(
            new CallerAuth.Outcome.Denied(401, "lakeFS does not accept this access key pair"));

    lakeFsUp = false;
    assertThat(auth.authenticate(basic("AKIA", "secret")))
        .isInstanceOf(CallerAuth.Outcome.Denied.class)
        .extracting(o -> ((CallerAuth.Outcome.Denied) o).status())
        .isEqualTo(503);
  }

  @Test
  void secretsMayContainColons() {
    assertThat(CallerAuth.basic(basic("AKIA", "a:b:c")))
        .hasValueSatisfying(p -> assertThat(p).containsExactly("AKIA", "a:b:c"));
  }

  private static CallerAuth.Outcome.Denied denied(int status) {
    return new CallerAuth.Outcome.Denied(
        status, "lakeFS access key pair required (HTTP basic auth)");
  }

  private static String basic(String key, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }
}
