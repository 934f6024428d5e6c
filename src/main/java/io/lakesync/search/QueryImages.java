package io.lakesync.search;

import io.lakesync.config.TableConfig;
import io.lakesync.embed.ImageEmbedding;
import io.lakesync.extract.Extraction;
import io.lakesync.extract.ImageDecoder;
import io.lakesync.sync.ImageIndexing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Turns a query image into the vector an image search looks for, exactly as the sync turns an
 * indexed image into its {@code image_vector}: the same bounded decoder (the table's {@code
 * images.max_pixels}, the same subsampling) and the same shared, lazily loaded image model. A
 * lakeFS query image is read with {@code objects}, which reads as the caller.
 */
public record QueryImages(ImageIndexing indexing, ObjectReader objects) {

  /**
   * The command line's {@code --image}: {@code lakefs://<repository>/<ref>/<path>} names an object,
   * anything else a local file.
   */
  public static QueryImage of(String value) throws SearchException, IOException {
    if (QueryImage.isLakeFsUri(value)) {
      return QueryImage.parse(value);
    }
    Path file = Path.of(value);
    if (!Files.isRegularFile(file)) {
      throw new SearchException("the image " + value + " is not a file");
    }
    if (Files.size(file) > ObjectReader.MAX_BYTES) {
      throw new SearchException(
          "the image " + value + " is more than " + ObjectReader.MAX_BYTES + " bytes");
    }
    return new QueryImage.Bytes(value, Files.readAllBytes(file));
  }

  /** The query image's vector; refused when it is not in the table's repository or no image. */
  float[] vectorOf(TableConfig table, QueryImage image) throws SearchException, IOException {
    byte[] content =
        image instanceof QueryImage.LakeFsObject object
            ? read(table, object)
            : ((QueryImage.Bytes) image).content();
    Extraction decoded =
        new ImageDecoder(table.images().maxPixels(), ImageDecoder.DEFAULT_MIN_SHORTER_SIDE)
            .decode(image.label(), content);
    if (!(decoded instanceof Extraction.Image picture)) {
      String why =
          decoded instanceof Extraction.Skipped skipped ? skipped.detail() : "it has no pixels";
      throw new SearchException("the image " + image.label() + " cannot be searched for: " + why);
    }
    List<ImageEmbedding> embedded = indexing.embed(table.images(), List.of(picture.image()));
    return embedded.get(0).vector();
  }

  /**
   * The query in the image model's space, when the table's image model has a text side (a dual
   * encoder): text queries then rank images by their image vectors too.
   */
  Optional<float[]> textVectorOf(TableConfig table, String query) {
    return indexing.textEncoder(table.images()).map(encoder -> encoder.encode(query));
  }

  /** Refuses, before anything is read, a lakeFS query image outside the table's repository. */
  static void check(TableConfig table, QueryImage image) throws SearchException {
    if (image instanceof QueryImage.LakeFsObject object
        && !object.repository().equals(table.repository())) {
      throw new SearchException(
          "the image must be in the table's repository, "
              + table.repository()
              + ": "
              + object.label());
    }
  }

  private byte[] read(TableConfig table, QueryImage.LakeFsObject object)
      throws SearchException, IOException {
    check(table, object);
    return objects
        .read(object.repository(), object.ref(), object.path())
        .orElseThrow(
            () ->
                new SearchException(
                    "no object "
                        + object.path()
                        + " at "
                        + object.ref()
                        + " ("
                        + object.label()
                        + ")"));
  }
}
