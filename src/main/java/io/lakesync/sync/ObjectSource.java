package io.lakesync.sync;

import java.io.IOException;
import java.util.List;

/**
 * The data side of a sync: a lakeFS repository, read at exact commit IDs only (never a moving
 * branch name), so a sync sees one consistent snapshot however long it runs.
 */
public interface ObjectSource {
  /** Every object under {@code prefix} at {@code commit}. */
  List<SourceObject> list(String commit, String prefix) throws IOException;

  /** What differs between two commits under {@code prefix} (two-dot). */
  List<ObjectChange> diff(String fromCommit, String toCommit, String prefix) throws IOException;

  /** One object's metadata at a commit. */
  SourceObject stat(String commit, String path) throws IOException;

  /** One object's bytes at a commit. */
  byte[] read(String commit, String path) throws IOException;
}
