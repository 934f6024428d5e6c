package io.lakesync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LakeFsSettingsTest {
  private static final Map<String, String> VALID =
      Map.of(
          "LAKEFS_ENDPOINT", "http://127.0.0.1:8000",
          "LAKEFS_ACCESS_KEY_ID", "AKIAEXAMPLE",
          "LAKEFS_SECRET_ACCESS_KEY", "s3cr3t-value");

  @Test
  void readsTheThreeVariables() {
    LakeFsSettings settings = LakeFsSettings.fromEnvironment(Environment.of(VALID));

    assertThat(settings.endpoint()).hasToString("http://127.0.0.1:8000");
    assertThat(settings.apiBasePath()).isEqualTo("http://127.0.0.1:8000/api/v1");
    assertThat(settings.accessKeyId()).isEqualTo("AKIAEXAMPLE");
    assertThat(settings.secretAccessKey().reveal()).isEqualTo("s3cr3t-value");
  }

  @Test
  void acceptsTheEndpointWithApiPathOrTrailingSlash() {
    assertThat(LakeFsSettings.parseEndpoint("https://lakefs.example.com/api/v1/"))
        .hasToString("https://lakefs.example.com");
    assertThat(LakeFsSettings.parseEndpoint("http://localhost:8000/"))
        .hasToString("http://localhost:8000");
  }

  @Test
  void missingVariableIsNamed() {
    Map<String, String> env = new java.util.HashMap<>(VALID);
    env.remove("LAKEFS_SECRET_ACCESS_KEY");

    assertThatThrownBy(() -> LakeFsSettings.fromEnvironment(Environment.of(env)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("LAKEFS_SECRET_ACCESS_KEY: is not set");
  }

  @Test
  void blankVariableCountsAsMissing() {
    Map<String, String> env = new java.util.HashMap<>(VALID);
    env.put("LAKEFS_ACCESS_KEY_ID", "  ");

    assertThatThrownBy(() -> LakeFsSettings.fromEnvironment(Environment.of(env)))
        .hasMessage("LAKEFS_ACCESS_KEY_ID: is not set");
  }

  @Test
  void endpointMustBeHttpUrl() {
    assertThatThrownBy(() -> LakeFsSettings.parseEndpoint("ftp://host"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("LAKEFS_ENDPOINT:");
    assertThatThrownBy(() -> LakeFsSettings.parseEndpoint("not a url"))
        .hasMessageStartingWith("LAKEFS_ENDPOINT:");
  }

  @Test
  void secretNeverAppearsInToString() {
    LakeFsSettings settings = LakeFsSettings.fromEnvironment(Environment.of(VALID));

    assertThat(settings.toString()).doesNotContain("s3cr3t-value").contains("[hidden]");
  }

  @Test
  void kafkaBootstrapServersComeFromTheEnvironment() {
    assertThat(
            KafkaSettings.fromEnvironment(
                    Environment.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")))
                .bootstrapServers())
        .isEqualTo("127.0.0.1:9092");
    assertThatThrownBy(() -> KafkaSettings.fromEnvironment(Environment.of(Map.of())))
        .hasMessage("KAFKA_BOOTSTRAP_SERVERS: is not set");
  }
}
