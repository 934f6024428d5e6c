package io.lakesync.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.Environment;
import io.lakesync.testing.ProjectDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  @Test
  void aClientThatRejectsItsSettingsIsOneLineAndExit1(@TempDir Path dir) throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("lakesync.yaml"),
            "tables: [{name: docs, repository: repo-a, branch: main}]\n");
    ServeCommand serve = new ServeCommand();
    serve.env =
        Environment.of(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "nohostport",
                "LAKEFS_ENDPOINT", "http://127.0.0.1:9",
                "LAKEFS_ACCESS_KEY_ID", "AKIA",
                "LAKEFS_SECRET_ACCESS_KEY", "do-not-print",
                "LAKESYNC_WEBHOOK_SECRET", "do-not-print-either",
                "LAKESYNC_CACHE", ProjectDir.buildDir().resolve("test-cache").toString()));
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(serve);
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("--config", config.toString());

    assertThat(exit).as(err.toString()).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("lakesync serve: cannot start: ")
        .contains("Invalid url in bootstrap.servers: nohostport")
        .doesNotContain("\tat ")
        .doesNotContain("do-not-print")
        .hasLineCount(1);
  }

  @Test
  void reasonIsTheMessagesOfTheCauseChainOnOneLine() {
    assertThat(ConfigOption.reason(new BindException("Address already in use")))
        .isEqualTo("Address already in use");
    assertThat(
            ConfigOption.reason(
                new KafkaException(
                    "Failed to create new KafkaAdminClient",
                    new ConfigException("Invalid url in bootstrap.servers: x"))))
        .isEqualTo("Failed to create new KafkaAdminClient: Invalid url in bootstrap.servers: x");
    IOException refused = new IOException("Connection refused");
    assertThat(
            ConfigOption.reason(
                new IOException("cannot create topics: Connection refused", refused)))
        .isEqualTo("cannot create topics: Connection refused");
    assertThat(ConfigOption.reason(new RuntimeException(refused)))
        .isEqualTo("java.io.IOException: Connection refused");
    assertThat(ConfigOption.reason(new IllegalStateException("two\n  lines")))
        .isEqualTo("two lines");
    assertThat(ConfigOption.reason(new NullPointerException())).isEqualTo("NullPointerException");
  }
}
