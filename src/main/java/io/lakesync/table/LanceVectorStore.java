package io.lakesync.table;

import io.lakesync.sync.VectorStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The sync engine's {@link VectorStore} over a Lance table in lakeFS. */
public final class LanceVectorStore implements VectorStore {
  private final EmbeddingTable table;

  public LanceVectorStore(EmbeddingTable table) {
    this.table = table;
  }

  @Override
  public Optional<TableState> state() {
    return table.state();
  }

  @Override
  public Set<String> paths() {
    return table.idsByPath().keySet();
  }

  @Override
  public Map<String, float[]> vectorsByTextHash(Collection<String> hashes, String modelStamp) {
    return table.vectorsByTextHash(hashes, modelStamp);
  }

  @Override
  public void apply(List<EmbeddingRow> upserts, Collection<String> touchedPaths, TableState state) {
    table.apply(upserts, touchedPaths, state);
  }
}
