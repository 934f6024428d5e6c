package io.lakesync.search;

import io.lakesync.config.TableConfig;
import io.lakesync.http.CallerAuth;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the search endpoints share: the tables that may be searched, who is asking (the caller's
 * lakeFS key pair), a search that reads as that caller, so lakeFS decides what they may read, and
 * the caller's reader of objects (query images, thumbnails' originals).
 */
public record CallerSearch(
    List<TableConfig> tables,
    CallerAuth auth,
    Function<CallerAuth.Caller, TableSearch> searchAs,
    Function<CallerAuth.Caller, ObjectReader> objectsAs) {
  public CallerSearch {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("no tables to search");
    }
    tables = List.copyOf(tables);
  }

  /** Objects read through lakeFS's S3 gateway with the caller's own key pair. */
  public CallerSearch(
      List<TableConfig> tables,
      CallerAuth auth,
      Function<CallerAuth.Caller, TableSearch> searchAs) {
    this(tables, auth, searchAs, caller -> ObjectReader.gateway(caller.settings()));
  }

  /** The answer to a request's parameters, searched as {@code caller}. */
  SearchRequest.Outcome run(CallerAuth.Caller caller, Map<String, String> params) {
    return SearchRequest.run(params, tables, searchAs.apply(caller));
  }
}
