package io.lakesync.lakefs;

import io.lakefs.clients.sdk.model.Pagination;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * lakeFS's paged listings (diffs, objects, branches), read page after page until one says there are
 * no more. Each page is handed on before the next is fetched, so memory stays bounded.
 */
final class Pages {
  /** lakeFS's largest page. */
  static final int SIZE = 1000;

  /** Fetches the page that starts after {@code after} ({@code ""}: the first). */
  @FunctionalInterface
  interface Fetch<P> {
    P page(String after) throws LakeFsFailure;
  }

  private Pages() {}

  static <P, T> void each(
      Fetch<P> fetch,
      Function<P, List<T>> results,
      Function<P, Pagination> pagination,
      Consumer<? super T> sink)
      throws LakeFsFailure {
    String after = "";
    while (true) {
      P page = fetch.page(after);
      results.apply(page).forEach(sink);
      Pagination position = pagination.apply(page);
      if (!Boolean.TRUE.equals(position.getHasMore())) {
        return;
      }
      after = position.getNextOffset();
    }
  }
}
