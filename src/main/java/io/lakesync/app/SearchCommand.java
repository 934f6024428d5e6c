package io.lakesync.app;

import io.lakesync.search.AnswerJson;
import io.lakesync.search.ObjectReader;
import io.lakesync.search.QueryImages;
import io.lakesync.search.SearchAnswer;
import io.lakesync.search.SearchHit;
import io.lakesync.search.SearchMode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lakesync search}: the nearest chunks to a query in a table at any ref, with the commit ID
 * the ref resolved to, so the answer can be reproduced exactly later. Exit codes: 0 answered, 1
 * cannot answer (unknown ref, no table there, model mismatch) or failed, 2 bad usage or
 * configuration.
 */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Versions.class,
    description =
        "Search a table at a branch, tag or commit: prints the resolved commit ID and, per hit,"
            + " path, chunk, span, score, snippet and the source commit of its vector.")
final class SearchCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private ConfigOption config;

  @Mixin private VerboseOption verbose;

  @Option(names = "--table", required = true, description = "Table name from the configuration.")
  private String tableName;

  @Option(names = "--ref", description = "Branch, tag or commit ID (default: the target branch).")
  private String ref;

  @Option(names = "--k", defaultValue = "10", description = "Number of hits (default: 10).")
  private int k;

  @Option(names = "--prefix", description = "Only objects whose path starts with this.")
  private String prefix;

  @Option(
      names = "--mode",
      defaultValue = "hybrid",
      description =
          "vector (by meaning), text (full-text, BM25) or hybrid (both, fused by rank; default).")
  private String mode;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  private boolean json;

  @Option(
      names = "--image",
      paramLabel = "FILE|lakefs://REPO/REF/PATH",
      description =
          "Search for images like this one (image-to-image) instead of a text query: a local file,"
              + " or an object of the table's repository as lakefs://<repository>/<ref>/<path>.")
  private String image;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "QUERY",
      description = "The question or text to search (not with --image).")
  private String query;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if ((image == null) == (query == null)) {
      throw new ParameterException(
          spec.commandLine(), "give either a QUERY or --image, not both and not neither");
    }
    return TableCommand.run(
        "search",
        config,
        tableName,
        verbose,
        err,
        (table, connections) -> {
          String at = ref == null ? table.targetBranch() : ref;
          SearchAnswer answer =
              image == null
                  ? TableCommand.search(table, connections)
                      .search(
                          table, at, query, k, Optional.ofNullable(prefix), SearchMode.parse(mode))
                  : TableCommand.search(table, connections)
                      .withImages(
                          new QueryImages(
                              connections.images(), ObjectReader.gateway(connections.settings())))
                      .searchImage(
                          table, at, QueryImages.of(image), k, Optional.ofNullable(prefix));
          out.print(json ? AnswerJson.of(answer) + "\n" : human(answer));
          out.flush();
          return 0;
        });
  }

  static String human(SearchAnswer answer) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "table %s at %s = commit %s (model %s, %s search)%n",
            answer.table(),
            answer.ref(),
            answer.commit(),
            answer.model(),
            answer.mode()));
    if (SearchMode.IMAGE_LABEL.equals(answer.mode())) {
      out.append("images like ").append(answer.query()).append('\n');
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%3s  %-7s  %-40s %5s  %-11s  %-12s  %s%n",
            "#",
            "score",
            "path",
            "chunk",
            "span",
            "vector from",
            "text"));
    int rank = 1;
    for (SearchHit hit : answer.hits()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%3d  %.5f  %-40s %5d  %-11s  %-12s  %s%n",
              rank++,
              hit.score(),
              hit.path(),
              hit.chunk(),
              hit.start() + "-" + hit.end(),
              hit.sourceCommit().substring(0, Math.min(12, hit.sourceCommit().length())),
              hit.context().isEmpty()
                  ? hit.snippet(60)
                  : "[" + hit.context() + "] " + hit.snippet(60)));
      if (!hit.labels().isEmpty()) {
        out.append("     labels: ")
            .append(
                hit.labels().stream()
                    .map(l -> String.format(Locale.ROOT, "%s %.2f", l.label(), l.p()))
                    .collect(java.util.stream.Collectors.joining(", ")))
            .append('\n');
      }
    }
    if (answer.hits().isEmpty()) {
      out.append("no hits\n");
    }
    return out.toString();
  }
}
