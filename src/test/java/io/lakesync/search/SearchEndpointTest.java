package io.lakesync.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.Secret;
import io.lakesync.http.CallerAuth;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.lakefs.SdkLakeFs;
import io.lakesync.sync.HashEmbedder;
import io.lakesync.table.TableOpener;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        .isEqualTo(answer(400, "table and one of q or image are required"));
    assertThat(endpoint.answer("GET", null, search))
        .isEqualTo(answer(400, "table and one of q or image are required"));
    assertThat(endpoint.answer("GET", "table=docs&q=x&k=lots", search))
        .isEqualTo(answer(400, "k must be a number"));
    assertThat(endpoint.answer("GET", "table=docs&q=x&k=1000", search))
        .isEqualTo(answer(400, "k must be between 1 and 100: 1000"));
    assertThat(endpoint.answer("GET", "table=nah&q=backups%20kept", search))
        .isEqualTo(answer(404, "no table 'nah'"));
  }

  @Test
  void imageRequestsNameOneLakeFsObjectOfTheTablesRepository() {
    TableSearch withImages =
        search.withImages(new QueryImages(null, (r, ref, p) -> Optional.empty()));
    assertThat(endpoint.answer("GET", "table=docs&q=x&image=lakefs://repo/main/a.png", withImages))
        .isEqualTo(answer(400, "table and one of q or image are required"));
    assertThat(endpoint.answer("GET", "table=docs&image=%2Fetc%2Fpasswd", withImages))
        .isEqualTo(
            answer(
                400,
                "the image must be a lakeFS object, lakefs://<repository>/<ref>/<path>:"
                    + " /etc/passwd"));
    assertThat(endpoint.answer("GET", "table=docs&image=lakefs://repo/main", withImages).status())
        .isEqualTo(400);
    assertThat(endpoint.answer("GET", "table=docs&image=lakefs://repo//a.png", withImages).status())
        .isEqualTo(400);
    assertThat(endpoint.answer("GET", "table=docs&image=lakefs://other/main/a.png", withImages))
        .isEqualTo(
            answer(
                400,
                "the image must be in the table's repository, repo:"
                    + " lakefs://other/main/a.png"));
    assertThat(endpoint.answer("GET", "table=docs&image=lakefs://repo/main/a.png&k=0", withImages))
        .isEqualTo(answer(400, "k must be between 1 and 100: 0"));
    // A service without image models says so instead of failing later.
    assertThat(endpoint.answer("GET", "table=docs&image=lakefs://repo/main/a.png", search))
        .isEqualTo(answer(409, "image search is not available here: no image model is loaded"));
  }

  @Test
  void queryImagesParseAsRepositoryRefAndPathOrALocalFile(@TempDir Path dir) throws Exception {
    assertThat(QueryImages.of("lakefs://repo/main/photos/a cat.jpg"))
        .isEqualTo(new QueryImage.LakeFsObject("repo", "main", "photos/a cat.jpg"));
    assertThat(QueryImages.of("lakefs://repo/main/photos/a cat.jpg").label())
        .isEqualTo("lakefs://repo/main/photos/a cat.jpg");
    Path file = Files.write(dir.resolve("cat.jpg"), new byte[] {1, 2, 3});
    QueryImage local = QueryImages.of(file.toString());
    assertThat(local).isInstanceOf(QueryImage.Bytes.class);
    assertThat(((QueryImage.Bytes) local).content()).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> QueryImages.of(dir.resolve("missing.jpg").toString()))
        .isInstanceOf(SearchException.class)
        .hasMessageStartingWith("the image ")
        .hasMessageEndingWith("is not a file");
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
