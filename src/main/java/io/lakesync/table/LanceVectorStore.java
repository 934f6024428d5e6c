package io.lakesync.table;

import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.ImageColumns;
import io.lakesync.sync.SkipRecord;
import io.lakesync.sync.TableState;
import io.lakesync.sync.VectorLookup;
import io.lakesync.sync.VectorStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** The sync engine's {@link VectorStore} over a Lance table in lakeFS. */
public final class LanceVectorStore implements VectorStore {
  private final EmbeddingTable table;
  private final SkipTable skipTable;

  public LanceVectorStore(EmbeddingTable table, SkipTable skipTable) {
    this.table = table;
    this.skipTable = skipTable;
  }

  @Override
  public Optional<TableState> state() {
    return table.state();
  }

  @Override
  public Set<String> paths() {
    Set<String> paths = new java.util.HashSet<>(table.idsByPath().keySet());
    paths.addAll(skipTable.read().keySet());
    return paths;
  }

  @Override
  public Map<String, float[]> vectorsByTextHash(Collection<String> hashes, String modelStamp) {
    return table.vectorsByTextHash(hashes, modelStamp);
  }

  @Override
  public VectorLookup vectorsAsOfNow() {
    OptionalLong version = table.versionWithRows();
    if (version.isEmpty()) {
      return VectorLookup.NONE;
    }
    long pinned = version.getAsLong();
    return (hashes, modelStamp) -> table.vectorsByTextHash(hashes, modelStamp, pinned);
  }

  @Override
  public Map<String, ImageColumns> imagesByChecksum(
      Collection<String> checksums, String imageModel, String ocrEngine) {
    return table.imagesByChecksum(checksums, imageModel, ocrEngine);
  }

  @Override
  public void write(
      List<EmbeddingRow> upserts,
      List<SkipRecord> skips,
      Collection<String> touchedPaths,
      TableState next,
      int imageDimension) {
    skipTable.apply(skips, touchedPaths);
    table.write(upserts, touchedPaths, next, imageDimension);
  }

  @Override
  public void append(
      List<EmbeddingRow> rows,
      List<SkipRecord> skips,
      Collection<String> newPaths,
      TableState next,
      int imageDimension) {
    skipTable.apply(skips, newPaths);
    table.append(rows, newPaths, next, imageDimension);
  }

  @Override
  public void finish(TableState state) {
    table.finish(state);
  }

  @Override
  public boolean hasRowsFor(Collection<String> paths) {
    return table.countRows(paths) > 0;
  }

  @Override
  public Map<String, SkipRecord> skips() {
    return skipTable.read();
  }
}
