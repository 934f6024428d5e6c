package io.lakesync.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.Secret;
import io.lakesync.http.CallerAuth;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.lakefs.SdkLakeFs;
import io.lakesync.sync.HashEmbedder;
import io.lakesync.table.TableOpener;
import java.net.URI;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoint's answers to bad requests, decided before any lakeFS call. */
class SearchEndpointTest {
  private final RootAllocator allocator = new RootAllocator();
  private final LakeFsSettings nowhere =
      new LakeFsSettings(URI.create("http://127.0.0.1:9"), "key", Secret.of("secret"));
  private final HashEmbedder embedder = new HashEmbedder();
  private final TableSearch search =
      new TableSearch(
          SdkLakeFs.connect(nowhere, LakeFsErrors.NONE),
          new TableOpener(allocator, nowhere, embedder.model().dimension()),
          embedder);
  private final SearchEndpoint endpoint =
      new SearchEndpoint(
          new CallerSearch(
              LakesyncConfig.parse("tables: [{name: docs, repository: repo, branch: main}]")
                  .tables(),
              new CallerAuth(nowhere, LakeFsErrors.NONE),
              caller -> search));

  @AfterEach
  void close() {
    allocator.close();
  }

  @Test
  void badRequestsGetAStatusAndAReasonAsJson() {
    assertThat(endpoint.answer("POST", "table=docs&q=x", search))
        .isEqualTo(answer(405, "GET only"));
    assertThat(endpoint.answer("GET", "table=docs", search))
        .isEqualTo(answer(400, "table and q are required"));
    assertThat(endpoint.answer("GET", null, search))
        .isEqualTo(answer(400, "table and q are required"));
    assertThat(endpoint.answer("GET", "table=docs&q=x&k=lots", search))
        .isEqualTo(answer(400, "k must be a number"));
    assertThat(endpoint.answer("GET", "table=docs&q=x&k=1000", search))
        .isEqualTo(answer(400, "k must be between 1 and 100: 1000"));
    assertThat(endpoint.answer("GET", "table=nah&q=backups%20kept", search))
        .isEqualTo(answer(404, "no table 'nah'"));
  }

  @Test
  void refusalsByLakeFsAreRecognisedInTheApiAndUnderLance() {
    assertThat(SearchRequest.refused(io.lakesync.lakefs.LakeFsFailure.of("resolve", 403, "{}")))
        .isTrue();
    assertThat(
            SearchRequest.refused(
                new RuntimeException(
                    "LanceError(IO): Generic S3 error: ... <Code>AccessDenied</Code>")))
        .isTrue();
    assertThat(SearchRequest.refused(new RuntimeException("LanceError(IO): timed out"))).isFalse();
  }

  private static SearchEndpoint.Answer answer(int status, String error) {
    return new SearchEndpoint.Answer(status, AnswerJson.of(java.util.Map.of("error", error)));
  }
}
