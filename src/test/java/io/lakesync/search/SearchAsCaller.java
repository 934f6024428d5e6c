package io.lakesync.search;

import io.lakesync.config.TableConfig;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.http.CallerAuth;
import io.lakesync.table.TableOpener;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/** The search endpoints' wiring as {@code serve} has it, for tests: read as the caller. */
final class SearchAsCaller {
  private SearchAsCaller() {}

  static CallerSearch of(
      List<TableConfig> tables, CallerAuth auth, BufferAllocator allocator, TextEmbedder embedder) {
    return new CallerSearch(
        tables,
        auth,
        caller ->
            new TableSearch(
                caller.lakeFs(),
                new TableOpener(allocator, caller.settings(), embedder.model().dimension()),
                embedder));
  }
}
