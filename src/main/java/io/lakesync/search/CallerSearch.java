package io.lakesync.search;

import io.lakesync.config.TableConfig;
import io.lakesync.http.CallerAuth;
import java.util.List;
import java.util.function.Function;

/**
 * What the search endpoints share: the tables that may be searched, who is asking (the caller's
 * lakeFS key pair), and a search that reads as that caller, so lakeFS decides what they may read.
 */
public record CallerSearch(
    List<TableConfig> tables, CallerAuth auth, Function<CallerAuth.Caller, TableSearch> searchAs) {
  public CallerSearch {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("no tables to search");
    }
    tables = List.copyOf(tables);
  }

  /** The answer to a request's parameters, searched as {@code caller}. */
  SearchRequest.Outcome run(CallerAuth.Caller caller, java.util.Map<String, String> params) {
    return SearchRequest.run(params, tables, searchAs.apply(caller));
  }
}
