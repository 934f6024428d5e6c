package io.lakesync.table;

/** One nearest-neighbour result: the row's id and its cosine distance to the query. */
public record Neighbour(String id, float distance) {}
