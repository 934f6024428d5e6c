package io.lakesync.sync;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Commits as immutable snapshots in memory; checksums are content hashes, as in lakeFS. */
final class InMemoryObjectSource implements ObjectSource {
  private final Map<String, Map<String, byte[]>> commits = new HashMap<>();
  private int reads;

  /** Records a snapshot and returns its commit ID. */
  String commit(Map<String, byte[]> files) {
    String id = "c" + commits.size();
    commits.put(id, new TreeMap<>(files));
    return id;
  }

  int reads() {
    return reads;
  }

  @Override
  public List<SourceObject> list(String commit, String prefix) {
    List<SourceObject> out = new ArrayList<>();
    snapshot(commit)
        .forEach(
            (path, bytes) -> {
              if (path.startsWith(prefix)) {
                out.add(new SourceObject(path, Hashing.sha256(bytes), bytes.length));
              }
            });
    return out;
  }

  @Override
  public List<ObjectChange> diff(String from, String to, String prefix) {
    Map<String, byte[]> a = snapshot(from);
    Map<String, byte[]> b = snapshot(to);
    List<ObjectChange> changes = new ArrayList<>();
    TreeSet<String> paths = new TreeSet<>(a.keySet());
    paths.addAll(b.keySet());
    for (String path : paths) {
      if (!path.startsWith(prefix)) {
        continue;
      }
      if (!b.containsKey(path)) {
        changes.add(new ObjectChange(ObjectChange.Kind.REMOVED, path, 0));
      } else if (!a.containsKey(path)) {
        changes.add(new ObjectChange(ObjectChange.Kind.ADDED, path, b.get(path).length));
      } else if (!java.util.Arrays.equals(a.get(path), b.get(path))) {
        changes.add(new ObjectChange(ObjectChange.Kind.CHANGED, path, b.get(path).length));
      }
    }
    return changes;
  }

  @Override
  public SourceObject stat(String commit, String path) throws IOException {
    byte[] bytes = snapshot(commit).get(path);
    if (bytes == null) {
      throw new IOException("no " + path + " at " + commit);
    }
    return new SourceObject(path, Hashing.sha256(bytes), bytes.length);
  }

  @Override
  public byte[] read(String commit, String path) throws IOException {
    reads++;
    byte[] bytes = snapshot(commit).get(path);
    if (bytes == null) {
      throw new IOException("no " + path + " at " + commit);
    }
    return bytes.clone();
  }

  private Map<String, byte[]> snapshot(String commit) {
    Map<String, byte[]> snapshot = commits.get(commit);
    if (snapshot == null) {
      throw new IllegalArgumentException("unknown commit " + commit);
    }
    return snapshot;
  }
}
