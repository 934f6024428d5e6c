package io.lakesync.lakefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK client against a stand-in lakeFS on loopback that answers every request with one scripted
 * status and body: which answers become results, which become failures, and which are counted.
 */
class SdkLakeFsTest {
  private final List<Integer> counted = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private volatile int status = 200;
  private volatile String body = "{}";
  private SdkLakeFs lakeFs;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    lakeFs = SdkLakeFs.connect(settings(server.getAddress().getPort()), counted::add);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aMergeReturnsTheNewHead() throws Exception {
    answer(200, "{\"reference\":\"abc123\"}");

    assertThat(lakeFs.merge("repo", "staging", "main", "m", Map.of("k", "v")))
        .isEqualTo(new MergeResult.Merged("abc123"));
    assertThat(requests).containsExactly("POST /api/v1/repositories/repo/refs/staging/merge/main");
    assertThat(counted).isEmpty();
  }

  @Test
  void refusedMergesAreTypedResults() throws Exception {
    answer(412, "{\"message\":\"hook failed\"}");
    assertThat(lakeFs.merge("repo", "staging", "main", "m", Map.of()))
        .isEqualTo(new MergeResult.Rejected("{\"message\":\"hook failed\"}"));

    answer(404, "{\"message\":\"not found\"}");
    assertThat(lakeFs.merge("repo", "staging", "main", "m", Map.of()))
        .isInstanceOf(MergeResult.SourceGone.class);

    answer(400, "{\"message\":\"no changes\"}");
    assertThat(lakeFs.merge("repo", "staging", "main", "m", Map.of()))
        .isInstanceOf(MergeResult.NothingToMerge.class);

    // Counted as failed calls, as they always were; the metric leaves out 404 itself.
    assertThat(counted).containsExactly(412, 404, 400);
  }

  @Test
  void otherMergeFailuresAreThrownWithTheOperationAndCounted() {
    answer(400, "{\"message\":\"uncommitted changes (dirty branch)\"}");

    assertThatThrownBy(() -> lakeFs.merge("repo", "staging", "main", "m", Map.of()))
        .isInstanceOfSatisfying(
            LakeFsFailure.class,
            f -> {
              assertThat(f.transientFailure()).isTrue();
              assertThat(f.getMessage()).startsWith("merge staging into main failed: HTTP 400");
            });
    assertThat(counted).containsExactly(400);
  }

  @Test
  void anUnreachableLakeFsIsStatusZeroAndTransient() {
    server.stop(0);

    assertThatThrownBy(() -> lakeFs.branchHead("repo", "main"))
        .isInstanceOfSatisfying(
            LakeFsFailure.class,
            f -> {
              assertThat(f.status()).isZero();
              assertThat(f.transientFailure()).isTrue();
              assertThat(f.getMessage()).startsWith("read branch repo/main failed: HTTP 0");
            });
    assertThat(counted).containsExactly(0);
    assertThat(lakeFs.reachable()).isFalse();
    assertThat(counted).as("readiness probes are not failed calls").containsExactly(0);
  }

  @Test
  void refusalsToReadARepositoryAreAnswersNotCountedFailures() throws Exception {
    for (int refusal : new int[] {401, 403, 404}) {
      answer(refusal, "{\"message\":\"insufficient permissions\"}");
      assertThat(lakeFs.canRead("payroll")).as("HTTP %d", refusal).isFalse();
    }
    answer(
        200,
        "{\"id\":\"payroll\",\"creation_date\":1,\"default_branch\":\"main\","
            + "\"storage_namespace\":\"local://payroll\"}");
    assertThat(lakeFs.canRead("payroll")).isTrue();
    answer(500, "{\"message\":\"boom\"}");
    assertThatThrownBy(() -> lakeFs.canRead("payroll"))
        .hasMessageStartingWith("read repository payroll failed: HTTP 500");

    assertThat(counted).containsExactly(500);
  }

  @Test
  void unknownCredentialsAreAnAnswer() throws Exception {
    answer(401, "{\"message\":\"error authenticating request\"}");
    assertThat(lakeFs.credentialsValid()).isFalse();
    answer(403, "{}");
    assertThat(lakeFs.credentialsValid()).isFalse();
    answer(503, "{}");
    assertThatThrownBy(() -> lakeFs.credentialsValid())
        .hasMessageStartingWith("check credentials failed: HTTP 503");

    assertThat(counted).containsExactly(503);
  }

  @Test
  void aMissingBranchIsAlreadyDeleted() throws Exception {
    answer(404, "{\"message\":\"not found\"}");
    assertThat(lakeFs.deleteBranch("repo", "lakesync-staging-x")).isFalse();

    answer(204, "");
    assertThat(lakeFs.deleteBranch("repo", "lakesync-staging-x")).isTrue();

    answer(503, "{}");
    assertThatThrownBy(() -> lakeFs.deleteBranch("repo", "lakesync-staging-x"))
        .hasMessageStartingWith("delete branch lakesync-staging-x failed: HTTP 503");
  }

  @Test
  void aRefThatNamesNothingIsEmpty() throws Exception {
    answer(404, "{\"message\":\"not found\"}");
    assertThat(lakeFs.findCommit("repo", "nope")).isEmpty();
    answer(400, "{\"message\":\"invalid ref\"}");
    assertThat(lakeFs.findCommit("repo", "no pe")).isEmpty();

    answer(
        200,
        "{\"id\":\"c1\",\"parents\":[],\"committer\":\"admin\",\"message\":\"x\","
            + "\"creation_date\":7,\"meta_range_id\":\"\"}");
    Optional<LakeFsCommit> found = lakeFs.findCommit("repo", "main");
    assertThat(found).map(LakeFsCommit::id).hasValue("c1");
  }

  private void answer(int status, String body) {
    this.status = status;
    this.body = body;
  }

  private static LakeFsSettings settings(int port) {
    return new LakeFsSettings(URI.create("http://127.0.0.1:" + port), "AKIA", Secret.of("s"));
  }
}
