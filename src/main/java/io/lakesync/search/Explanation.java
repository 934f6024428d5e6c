package io.lakesync.search;

import java.util.List;

/**
 * What a retrieved chunk came from: the raw object (or the chunk's text) at the commit, and who
 * changed that path, when and why, up to that commit.
 *
 * @param chunk the chunk asked for; null for the whole object
 * @param span the chunk's [start, end) in the extracted text; null for the whole object
 * @param content the chunk's text, or the object's text (binary content is described, not shown)
 * @param history commits that changed the path, newest first, up to and including {@code commit}
 */
public record Explanation(
    String table,
    String commit,
    String path,
    Integer chunk,
    List<Integer> span,
    String content,
    List<Change> history,
    Model model) {

  /**
   * The model that made a chunk's vector; null when an object, not a chunk, is explained.
   *
   * @param stamp the stamp on the row
   * @param sha256 the model files' checksum (ONNX graph, then tokenizer); empty when unknown
   * @param origin where those bytes are: the Maven artifact of a bundled model, or the files as
   *     read, a lakeFS ref resolved to its commit
   */
  public record Model(String stamp, String sha256, String origin) {}

  /** One commit that changed the path; {@code date} in ISO-8601 UTC. */
  public record Change(String commit, String committer, String date, String message) {}
}
