package io.lakesync.sync;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The {@link VectorStore} contract that EmbeddingTableIT checks on real Lance, in memory. */
public final class InMemoryVectorStore implements VectorStore {
  private final Map<String, EmbeddingRow> rows = new TreeMap<>();
  private final Map<String, SkipRecord> skips = new TreeMap<>();
  private TableState state;
  private int writes;
  private int appends;
  private int imageLookups;
  private int vectorLookups;
  private int snapshotLookups;

  public Map<String, EmbeddingRow> rows() {
    return rows;
  }

  int writes() {
    return writes;
  }

  /** Calls of {@link #imagesByChecksum}: each is a scan of the table on Lance. */
  int imageLookups() {
    return imageLookups;
  }

  @Override
  public Optional<TableState> state() {
    return Optional.ofNullable(state);
  }

  @Override
  public Set<String> paths() {
    Set<String> paths = rows.values().stream().map(EmbeddingRow::path).collect(Collectors.toSet());
    paths.addAll(skips.keySet());
    return paths;
  }

  /** Calls of {@link #vectorsByTextHash}: each is a scan of the whole table on Lance. */
  int vectorLookups() {
    return vectorLookups;
  }

  /** Lookups through a {@link #vectorsAsOfNow} snapshot. */
  int snapshotLookups() {
    return snapshotLookups;
  }

  @Override
  public Map<String, float[]> vectorsByTextHash(Collection<String> hashes, String modelStamp) {
    vectorLookups++;
    return vectorsByTextHash(rows.values(), hashes, modelStamp);
  }

  private static Map<String, float[]> vectorsByTextHash(
      Collection<EmbeddingRow> rows, Collection<String> hashes, String modelStamp) {
    Set<String> wanted = new HashSet<>(hashes);
    Map<String, float[]> found = new HashMap<>();
    for (EmbeddingRow row : rows) {
      if (wanted.contains(row.textSha256()) && row.model().equals(modelStamp)) {
        found.putIfAbsent(row.textSha256(), row.vector());
      }
    }
    return found;
  }

  @Override
  public VectorLookup vectorsAsOfNow() {
    if (rows.isEmpty()) {
      return VectorLookup.NONE;
    }
    List<EmbeddingRow> frozen = List.copyOf(rows.values());
    return (hashes, modelStamp) -> {
      snapshotLookups++;
      return vectorsByTextHash(frozen, hashes, modelStamp);
    };
  }

  @Override
  public Map<String, ImageColumns> imagesByChecksum(
      Collection<String> checksums, String imageModel, String ocrEngine) {
    imageLookups++;
    Set<String> wanted = new HashSet<>(checksums);
    Map<String, ImageColumns> found = new HashMap<>();
    for (EmbeddingRow row : rows.values()) {
      ImageColumns image = row.image();
      if (image != null
          && image.first()
          && wanted.contains(row.objectChecksum())
          && image.imageModel().equals(imageModel)
          && image.ocrEngine().equals(ocrEngine)) {
        found.putIfAbsent(row.objectChecksum(), image);
      }
    }
    return found;
  }

  @Override
  public void write(
      List<EmbeddingRow> upserts,
      List<SkipRecord> skipped,
      Collection<String> touchedPaths,
      TableState next,
      int imageDimension) {
    writes++;
    Set<String> touched = new HashSet<>(touchedPaths);
    skips.keySet().removeAll(touched);
    skipped.forEach(s -> skips.put(s.path(), s));
    Set<String> upsertIds = upserts.stream().map(EmbeddingRow::id).collect(Collectors.toSet());
    rows.values().removeIf(r -> touched.contains(r.path()) && !upsertIds.contains(r.id()));
    upserts.forEach(r -> rows.put(r.id(), r));
  }

  @Override
  public void append(
      List<EmbeddingRow> upserts,
      List<SkipRecord> skipped,
      Collection<String> newPaths,
      TableState next,
      int imageDimension) {
    // Appending is only right for paths without rows: checked here, where the rows are at hand.
    for (EmbeddingRow row : upserts) {
      if (rows.values().stream()
          .anyMatch(r -> r.path().equals(row.path()) && r.chunk() == row.chunk())) {
        throw new IllegalStateException("appended a row that exists: " + row.id());
      }
    }
    appends++;
    write(upserts, skipped, newPaths, next, imageDimension);
  }

  @Override
  public boolean hasRowsFor(Collection<String> paths) {
    Set<String> wanted = new HashSet<>(paths);
    return rows.values().stream().anyMatch(r -> wanted.contains(r.path()));
  }

  /** Batches written by {@link #append}: rows of new objects only. */
  int appends() {
    return appends;
  }

  @Override
  public void finish(TableState next) {
    state = next;
  }

  @Override
  public Map<String, SkipRecord> skips() {
    return skips;
  }
}
