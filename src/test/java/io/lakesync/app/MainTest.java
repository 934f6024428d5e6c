package io.lakesync.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
}
