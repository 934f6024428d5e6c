package io.lakesync.sync;

import java.util.Collection;
import java.util.Map;

/** Finds stored vectors by chunk-text hash, for one model's stamp only. */
@FunctionalInterface
public interface VectorLookup {
  /** Finds nothing: a table with no rows, or rows a sync must not look for. */
  VectorLookup NONE = (hashes, modelStamp) -> Map.of();

  Map<String, float[]> vectorsByTextHash(Collection<String> hashes, String modelStamp);
}
