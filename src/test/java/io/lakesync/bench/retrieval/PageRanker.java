package io.lakesync.bench.retrieval;

import java.util.List;

/**
 * One retrieval method as the benchmark sees it: a question in, page file names out, best first,
 * each page once. A new search mode is one more of these.
 */
@FunctionalInterface
interface PageRanker {
  List<String> rank(String question) throws Exception;
}
