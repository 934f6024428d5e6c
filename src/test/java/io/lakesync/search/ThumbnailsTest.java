package io.lakesync.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Thumbnails: scaled down within bounds, and the endpoint's answers to each kind of request. */
class ThumbnailsTest {
  private static final TableConfig TABLE =
      LakesyncConfig.parse("tables: [{name: docs, repository: repo, branch: main}]")
          .tables()
          .get(0);
  private static final String COMMIT = "c0ffee".repeat(10) + "abcd";
  private final ThumbnailEndpoint endpoint =
      new ThumbnailEndpoint(new CallerSearch(List.of(TABLE), null, caller -> null));

  @Test
  void theLongerSideBecomesAtMostTheLimitAndTheAspectRatioStays() {
    BufferedImage wide = Thumbnails.scaled(TestImages.colourField(1, 1000, 400), 160);
    assertThat(wide.getWidth()).isEqualTo(160);
    assertThat(wide.getHeight()).isEqualTo(64);
    BufferedImage tall = Thumbnails.scaled(TestImages.colourField(2, 301, 1203), 160);
    assertThat(tall.getHeight()).isEqualTo(160);
    assertThat(tall.getWidth()).isEqualTo(40);
    BufferedImage sliver = Thumbnails.scaled(TestImages.colourField(3, 5000, 3), 160);
    assertThat(sliver.getWidth()).isEqualTo(160);
    assertThat(sliver.getHeight()).isEqualTo(1);
    BufferedImage small = TestImages.colourField(4, 120, 90);
    assertThat(Thumbnails.scaled(small, 160)).isSameAs(small);
  }

  @Test
  void aThumbnailIsAJpegOfTheScaledImageKeepingItsColours() {
    BufferedImage red = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 600; y++) {
      for (int x = 0; x < 800; x++) {
        red.setRGB(x, y, 0xd02020);
      }
    }
    byte[] jpeg = Thumbnails.jpeg(Thumbnails.scaled(red, Thumbnails.MAX_SIDE));
    assertThat(jpeg).startsWith(0xff, 0xd8, 0xff);
    BufferedImage back = TestImages.read(jpeg);
    assertThat(back.getWidth()).isEqualTo(160);
    assertThat(back.getHeight()).isEqualTo(120);
    int rgb = back.getRGB(80, 60);
    assertThat((rgb >> 16) & 0xff).isBetween(0xc0, 0xe0);
    assertThat((rgb >> 8) & 0xff).isLessThan(0x40);
  }

  @Test
  void theEndpointAnswersAnImageAtACommitAsASmallJpeg() {
    byte[] png = TestImages.png(TestImages.colourField(5, 640, 480));
    ThumbnailEndpoint.Answer answer =
        endpoint.answer(
            Map.of("table", "docs", "commit", COMMIT, "path", "photos/a.png"),
            (repository, ref, path) ->
                repository.equals("repo") && ref.equals(COMMIT) && path.equals("photos/a.png")
                    ? Optional.of(png)
                    : Optional.empty());
    assertThat(answer.status()).isEqualTo(200);
    BufferedImage thumbnail = TestImages.read(answer.jpeg());
    assertThat(thumbnail.getWidth()).isEqualTo(160);
    assertThat(thumbnail.getHeight()).isEqualTo(120);
  }

  @Test
  void theEndpointRefusesBadRequestsMissingObjectsAndWhatIsNoImage() {
    ObjectReader text =
        (repository, ref, path) -> Optional.of("not a picture".getBytes(StandardCharsets.UTF_8));
    assertThat(endpoint.answer(Map.of("table", "docs", "commit", COMMIT), text).status())
        .isEqualTo(400);
    assertThat(
            endpoint
                .answer(Map.of("table", "docs", "commit", "main", "path", "a.png"), text)
                .message())
        .isEqualTo("commit must be a commit ID (64 hexadecimal digits)");
    assertThat(
            endpoint
                .answer(Map.of("table", "nah", "commit", COMMIT, "path", "a.png"), text)
                .status())
        .isEqualTo(404);
    assertThat(
            endpoint
                .answer(
                    Map.of("table", "docs", "commit", COMMIT, "path", "a.png"),
                    (repository, ref, path) -> Optional.empty())
                .status())
        .isEqualTo(404);
    ThumbnailEndpoint.Answer notAnImage =
        endpoint.answer(Map.of("table", "docs", "commit", COMMIT, "path", "a.png"), text);
    assertThat(notAnImage.status()).isEqualTo(415);
    assertThat(notAnImage.jpeg()).isNull();
    ThumbnailEndpoint.Answer denied =
        endpoint.answer(
            Map.of("table", "docs", "commit", COMMIT, "path", "a.png"),
            (repository, ref, path) -> {
              throw new java.io.IOException(
                  "reading a.png failed",
                  new RuntimeException("Access Denied (Service: S3, Status Code: 403)"));
            });
    assertThat(denied.status()).isEqualTo(403);
  }
}
