package io.lakesync.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/lakesync}: the one entry point. Subcommands do the work. */
@Command(
    name = "lakesync",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Versions.class,
    description = "Keeps LanceDB tables in a lakeFS repository in sync with its data.",
    subcommands = {
      VersionCommand.class,
      InitCommand.class,
      SyncCommand.class,
      ServeCommand.class,
      CheckCommand.class,
      SearchCommand.class,
      ExplainCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns the exit code, so tests can call it without exiting. */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    // No subcommand: a usage error (picocli prints the usage), never a silent success.
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  static final class Versions implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"lakesync " + BuildInfo.load().lakesync()};
    }
  }
}
