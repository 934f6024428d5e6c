package io.lakesync.app;

import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.EmbeddingModels;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lakesync version}: what this build is and which component versions it was built with. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Versions.class,
    description = "Print lakesync's version and the versions it pins.")
final class VersionCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    BuildInfo info = BuildInfo.load();
    PrintWriter out = spec.commandLine().getOut();
    out.printf("lakesync %s%n", info.lakesync());
    out.printf("  kafka-streams   %s%n", info.kafka());
    out.printf("  lance-core      %s%n", info.lance());
    out.printf("  djl             %s%n", info.djl());
    // The default first: what a table without `model:` embeds with.
    for (EmbeddingModel model : EmbeddingModels.BUNDLED) {
      out.printf("  model           %s%n", model.stamp());
    }
    out.printf(
        "  lakeFS sdk      %s (tested against lakeFS %s)%n", info.lakeFsSdk(), info.lakeFsServer());
    out.printf("  java            %s%n", Runtime.version());
    out.flush();
    return 0;
  }
}
