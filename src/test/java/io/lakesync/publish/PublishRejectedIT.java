package io.lakesync.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real lakeFS pre-merge hook rejects the merge: the publish reports the hook's message, keeps the
 * staging branch for inspection, leaves main untouched, and merges once the gate passes.
 */
@ExtendWith({LakeFsExtension.class, ArrowExtension.class, EmbedderExtension.class})
class PublishRejectedIT {
  private static final String MAIN = LakeFsTestRepository.MAIN;

  @Test
  void aRejectedMergeKeepsTheStagingBranchAndMergesOnceTheGatePasses(
      LakeFsTestRepository repo, BufferAllocator allocator, DjlTextEmbedder embedder)
      throws Exception {
    AtomicInteger status = new AtomicInteger(500);
    AtomicReference<String> lastEvent = new AtomicReference<>();
    HttpServer gate =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    gate.createContext(
        "/gate",
        exchange -> {
          lastEvent.set(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body =
              (status.get() == 200 ? "ok" : "coverage 42% below 99%")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status.get(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    gate.start();
    try {
      repo.put(
          MAIN,
          "_lakefs_actions/gate.yaml",
          "name: quality gate\non:\n  pre-merge:\n    branches: [main]\nhooks:\n  - id: gate\n    type: webhook\n"
              + "    properties:\n      url: http://127.0.0.1:"
              + gate.getAddress().getPort()
              + "/gate\n      timeout: 30s\n");
      repo.put(MAIN, "docs/a.md", "Backups run every night and are kept for 35 days.");
      String commit = repo.commit(MAIN, "data and gate", Map.of()).getId();
      String mainBefore = repo.head(MAIN);
      TableConfig table =
          LakesyncConfig.parse(
                  "tables: [{name: docs, repository: "
                      + repo.name()
                      + ", branch: main, include: ['docs/**']}]")
              .tables()
              .get(0);
      TablePublisher publisher =
          new TablePublisher(
              repo.lakeFs(), repo.s3(), repo.tables(allocator, embedder), embedder, "test");

      PublishOutcome rejected = publisher.publish(table, commit);

      assertThat(rejected.status()).isEqualTo(PublishOutcome.Status.REJECTED);
      assertThat(rejected.summary()).contains("pre-merge hook").contains(rejected.stagingBranch());
      // The hook's own words, read back from the action run, not lakeFS's bare 412.
      assertThat(rejected.message()).isEqualTo("gate: coverage 42% below 99%");
      assertThat(lastEvent.get())
          .contains("\"event_type\":\"pre-merge\"")
          .contains("\"branch_id\":\"main\"");
      assertThat(repo.head(MAIN)).isEqualTo(mainBefore);
      assertThat(repo.sdk().branches().listBranches(repo.name()).execute().getResults())
          .extracting(b -> b.getId())
          .contains(rejected.stagingBranch());

      status.set(200);
      PublishOutcome merged = publisher.publish(table, commit);

      assertThat(merged.status()).isEqualTo(PublishOutcome.Status.MERGED);
      assertThat(repo.head(MAIN)).isEqualTo(merged.mergeCommit().orElseThrow());
      RebuildReference.assertTableEqualsFullRebuild(repo, allocator, table, embedder, commit);
    } finally {
      gate.stop(0);
    }
  }
}
