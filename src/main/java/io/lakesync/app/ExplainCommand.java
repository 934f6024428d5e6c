package io.lakesync.app;

import io.lakesync.search.AnswerJson;
import io.lakesync.search.Explainer;
import io.lakesync.search.Explanation;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lakesync explain}: where a hit came from. The raw object (or the chunk's text and span) at
 * the commit, and lakeFS's log of the commits that changed the path up to it. Exit codes as {@code
 * search}.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Versions.class,
    description =
        "Show the object (or one chunk) at a commit and who changed that path, when and why.")
final class ExplainCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private ConfigOption config;

  @Mixin private VerboseOption verbose;

  @Option(names = "--table", required = true, description = "Table name from the configuration.")
  private String tableName;

  @Option(names = "--commit", required = true, description = "Commit ID (or any ref).")
  private String commit;

  @Option(names = "--path", required = true, description = "Object path in the repository.")
  private String path;

  @Option(names = "--chunk", description = "Chunk number: show that chunk's text and span.")
  private Integer chunk;

  @Option(names = "--json", description = "Print JSON.")
  private boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return TableCommand.run(
        "explain",
        config,
        tableName,
        verbose,
        err,
        (table, connections) -> {
          Explanation explanation =
              new Explainer(
                      connections.lakeFs(),
                      connections.s3(),
                      TableCommand.search(table, connections))
                  .explain(table, commit, path, Optional.ofNullable(chunk));
          out.print(json ? AnswerJson.of(explanation) + "\n" : human(explanation));
          out.flush();
          return 0;
        });
  }

  static String human(Explanation e) {
    StringBuilder out = new StringBuilder();
    out.append(e.path()).append(" at commit ").append(e.commit());
    if (e.chunk() != null) {
      out.append(", chunk ")
          .append(e.chunk())
          .append(" (characters ")
          .append(e.span().get(0))
          .append("-")
          .append(e.span().get(1))
          .append(" of the extracted text)");
    }
    if (e.model() != null) {
      out.append("\nembedded with ").append(e.model().stamp());
      out.append("\n  model files: ").append(e.model().origin());
      if (!e.model().sha256().isEmpty()) {
        out.append("\n  sha256: ").append(e.model().sha256());
      }
    }
    out.append("\n\n").append(e.content().strip()).append("\n\nchanges to ").append(e.path());
    out.append(" up to this commit (newest first):\n");
    for (Explanation.Change c : e.history()) {
      out.append("  ")
          .append(c.commit(), 0, Math.min(12, c.commit().length()))
          .append("  ")
          .append(c.date())
          .append("  ")
          .append(c.committer())
          .append("  ")
          .append(c.message())
          .append('\n');
    }
    return out.toString();
  }
}
