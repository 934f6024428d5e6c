package io.lakesync.sync;

import java.util.Objects;

/**
 * One chunk's row in a lakesync table.
 *
 * @param id {@code path#chunk}: the single-column merge key
 * @param start character offset of the chunk in the object's extracted text
 * @param end exclusive end offset
 * @param text the chunk as it stands in the object's extracted text
 * @param context the title and headings above the chunk, embedded before it (see {@link
 *     #embeddedText()})
 * @param textSha256 hex SHA-256 of {@link #embeddedText()}; with {@code model}, the key for vector
 *     reuse
 * @param objectChecksum lakeFS checksum of the object the chunk came from
 * @param sourceCommit the commit whose content produced this row
 * @param model the model stamp ({@code id@version}) that produced {@code vector}
 * @param vector the text model's vector of {@link #embeddedText()}: for images too, so one text
 *     query ranks documents and images together
 * @param image the image columns of an image's row; null for a document's
 */
public record EmbeddingRow(
    String id,
    String path,
    int chunk,
    int start,
    int end,
    String text,
    String context,
    String textSha256,
    String objectChecksum,
    String sourceCommit,
    String model,
    float[] vector,
    ImageColumns image) {

  /** The modality column's values. */
  public static final String TEXT = "text";

  public static final String IMAGE = "image";

  /** A document's row. */
  public EmbeddingRow(
      String id,
      String path,
      int chunk,
      int start,
      int end,
      String text,
      String context,
      String textSha256,
      String objectChecksum,
      String sourceCommit,
      String model,
      float[] vector) {
    this(
        id,
        path,
        chunk,
        start,
        end,
        text,
        context,
        textSha256,
        objectChecksum,
        sourceCommit,
        model,
        vector,
        null);
  }

  public EmbeddingRow {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(vector, "vector");
    if (!id.equals(idOf(path, chunk))) {
      throw new IllegalArgumentException("id must be path#chunk: " + id);
    }
  }

  /** {@link #TEXT} for a document's row, {@link #IMAGE} for an image's. */
  public String modality() {
    return image == null ? TEXT : IMAGE;
  }

  /** The same row at another path (a renamed or copied object): only the key columns change. */
  public EmbeddingRow at(String newPath, String commit) {
    return new EmbeddingRow(
        idOf(newPath, chunk),
        newPath,
        chunk,
        start,
        end,
        text,
        context,
        textSha256,
        objectChecksum,
        commit,
        model,
        vector,
        image);
  }

  /** What the model embedded for this row: the context, then the chunk. */
  public String embeddedText() {
    return io.lakesync.chunk.Chunk.embeddedText(context, text);
  }

  public static String idOf(String path, int chunk) {
    return path + "#" + chunk;
  }
}
