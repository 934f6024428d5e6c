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
    List<Change> history) {

  /** One commit that changed the path; {@code date} in ISO-8601 UTC. */
  public record Change(String commit, String committer, String date, String message) {}
}
