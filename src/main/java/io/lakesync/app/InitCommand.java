package io.lakesync.app;

import io.lakesync.config.Environment;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.service.ActionInstaller;
import io.lakesync.service.LakeFsActions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code lakesync init}: install lakesync's lakeFS actions on the configured branches. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Versions.class,
    description =
        "Install lakesync's lakeFS actions and commit them: on every source branch, the webhook"
            + " that sends commit events to the sync service; on every target branch, the"
            + " pre-merge quality gate.")
final class InitCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private ConfigOption config;

  @Mixin private VerboseOption verbose;

  @Option(
      names = {"--url", "--bridge-url"},
      required = true,
      description = "Base URL at which lakeFS reaches `lakesync serve`, e.g. http://lakesync:8080.")
  private String bridgeUrl;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return ConfigOption.run(
        "init",
        verbose,
        spec.commandLine().getErr(),
        () -> {
          LakesyncConfig loaded = config.load();
          try (Connections connections =
              new Connections(loaded.lakeFsSettings(Environment.system()))) {
            S3Client s3 = connections.s3();
            List<String> changed =
                new ActionInstaller(connections.lakeFs(), s3).install(loaded.tables(), bridgeUrl);
            out.println(
                changed.isEmpty()
                    ? "lakesync init: actions already current"
                    : "lakesync init: installed actions on " + changed);
            out.println(
                "lakeFS must run with "
                    + LakeFsActions.SECRET_ENV
                    + " set to lakesync's webhook secret.");
            out.flush();
            return 0;
          }
        });
  }
}
