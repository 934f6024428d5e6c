package io.lakesync.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
  @Test
  void versionPrintsLakesyncAndPinnedComponentVersions() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("version");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .startsWith("lakesync 0.1.0-SNAPSHOT")
        .contains("kafka-streams   4.4.0")
        .contains("lance-core      7.0.0")
        .contains("all-MiniLM-L6-v2@")
        .doesNotContain("${");
  }

  @Test
  void everySubcommandsHelpExits0AndPrintsItsUsage() {
    var names = new CommandLine(new Main()).getSubcommands().keySet();
    assertThat(names).contains("sync", "serve", "init", "check", "search", "explain");
    for (String name : names) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = new CommandLine(new Main());
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));

      assertThat(cli.execute(name, "--help")).as(name + ": " + err).isZero();
      assertThat(out.toString()).as(name).startsWith("Usage: lakesync " + name);
    }
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    CommandLine cli = new CommandLine(new Main());
    cli.setErr(new PrintWriter(new StringWriter()));

    assertThat(cli.execute("frobnicate")).isEqualTo(2);
  }

  @Test
  void noSubcommandIsAUsageErrorNotASilentSuccess() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setErr(new PrintWriter(err));

    assertThat(cli.execute()).isEqualTo(2);
    assertThat(err.toString()).contains("version");
  }

  @Test
  void configurationErrorsAreExitCode2WithTheKeyAndNoStackTrace(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path config =
        java.nio.file.Files.writeString(
            dir.resolve("lakesync.yaml"),
            "tables: [{name: docs, repository: repo-a, branch: main}]\n");
    java.nio.file.Path invalid =
        java.nio.file.Files.writeString(
            dir.resolve("bad.yaml"), "tables: [{name: docs, repo: x}]\n");

    assertThat(
            errorOf(
                2, "sync", "--config", dir.resolve("missing.yaml").toString(), "--table", "docs"))
        .contains("--config: no such file");
    assertThat(errorOf(2, "sync", "--config", config.toString(), "--table", "nope"))
        .contains("--table: no table 'nope'")
        .contains("[docs]");
    assertThat(errorOf(2, "init", "--config", invalid.toString(), "--bridge-url", "http://x"))
        .contains("tables[0].repo: unknown key");
  }

  @Test
  void verbosePrintsTheStackTraceOfAFailureAndTheDefaultIsOneLine(@TempDir Path dir)
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Path secret = Files.writeString(dir.resolve("secret"), "do-not-print\n");
    Path config =
        Files.writeString(
            dir.resolve("lakesync.yaml"),
            "lakefs: {endpoint: 'http://127.0.0.1:"
                + closedPort
                + "', access_key_id: AKIA, secret_access_key_file: '"
                + secret
                + "'}\n"
                + "tables: [{name: docs, repository: no-such-repo-7f3a, branch: main}]\n");
    String[] sync = {
      "sync", "--config", config.toString(), "--table", "docs", "--retry-seconds", "0"
    };

    String quiet = errorOf(1, sync);
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    int exit =
        cli.execute(Stream.concat(Stream.of(sync), Stream.of("--verbose")).toArray(String[]::new));

    assertThat(quiet).startsWith("lakesync sync: failed: ").hasLineCount(1);
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .startsWith(quiet)
        .contains("\tat io.lakesync.")
        .contains("Caused by: ")
        .doesNotContain("do-not-print");
  }

  @Test
  void lakesyncVerboseInTheEnvironmentMeansVerbose() {
    assertThat(VerboseOption.fromEnvironment(Environment.of(Map.of("LAKESYNC_VERBOSE", "1"))))
        .isTrue();
    assertThat(VerboseOption.fromEnvironment(Environment.of(Map.of("LAKESYNC_VERBOSE", "true"))))
        .isTrue();
    assertThat(VerboseOption.fromEnvironment(Environment.of(Map.of("LAKESYNC_VERBOSE", "0"))))
        .isFalse();
    assertThat(VerboseOption.fromEnvironment(Environment.of(Map.of()))).isFalse();
  }

  private static String errorOf(int expectedExit, String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));

    assertThat(cli.execute(args)).as(err.toString()).isEqualTo(expectedExit);
    assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    return err.toString();
  }
}
