package io.lakesync.app;

import io.lakesync.config.Environment;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.search.SearchException;
import io.lakesync.search.TableSearch;
import java.io.PrintWriter;

/**
 * The frame of a command about one configured table ({@code check}, {@code search}, {@code
 * explain}): load the configuration, find the table, open the connections its body needs and close
 * them after, and turn a question lakesync cannot answer ({@link SearchException}) into one line
 * and exit code 1, like every other failure ({@link ConfigOption#run}).
 */
final class TableCommand {
  /** What the command does with its table. */
  @FunctionalInterface
  interface Body {
    int run(TableConfig table, Connections connections) throws Exception;
  }

  private TableCommand() {}

  static int run(
      String command,
      ConfigOption config,
      String tableName,
      VerboseOption verbose,
      PrintWriter err,
      Body body) {
    return ConfigOption.run(
        command,
        verbose,
        err,
        () -> {
          LakesyncConfig loaded = config.load();
          TableConfig table = config.table(loaded, tableName);
          try (Connections connections =
              new Connections(loaded.lakeFsSettings(Environment.system()))) {
            return body.run(table, connections);
          } catch (SearchException e) {
            verbose.failed(err, "lakesync " + command + ": " + e.getMessage(), e);
            return ConfigOption.FAILED;
          }
        });
  }

  /** A search of {@code table}, each query embedded with the model that made the table searched. */
  static TableSearch search(TableConfig table, Connections connections) {
    return new TableSearch(
        connections.lakeFs(),
        connections.tables(connections.models().model(table)),
        connections.models());
  }
}
