package io.lakesync.bench.images;

import io.lakesync.sync.ObjectChange;
import io.lakesync.sync.ObjectSource;
import io.lakesync.sync.SourceObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory as a one-commit repository, read from disk on demand: a sync over a thousand 2 MB
 * photos then holds no more of them than lakesync itself does (an in-memory source would hold them
 * all). The files are written once and never change, so name and size stand for the checksum.
 */
final class DirectorySource implements ObjectSource {
  private final Path root;
  private final int limit;

  /** The first {@code limit} files, in name order. */
  DirectorySource(Path root, int limit) {
    this.root = root;
    this.limit = limit;
  }

  int limit() {
    return limit;
  }

  @Override
  public List<SourceObject> list(String commit, String prefix) throws IOException {
    List<SourceObject> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String path = root.relativize(file).toString();
        if (path.startsWith(prefix) && out.size() < limit) {
          out.add(new SourceObject(path, path + ":" + Files.size(file), Files.size(file)));
        }
      }
    }
    return out;
  }

  @Override
  public List<ObjectChange> diff(String fromCommit, String toCommit, String prefix) {
    throw new UnsupportedOperationException("one commit only: every bench sync is a full sync");
  }

  @Override
  public SourceObject stat(String commit, String path) throws IOException {
    long size = Files.size(root.resolve(path));
    return new SourceObject(path, path + ":" + size, size);
  }

  @Override
  public byte[] read(String commit, String path) throws IOException {
    return Files.readAllBytes(root.resolve(path));
  }
}
