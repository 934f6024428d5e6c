package io.lakesync.bench.retrieval;

/** A named retrieval method and the chunks its index holds. */
record Method(String name, PageRanker ranker, ChunkStats chunks) {}
