package io.lakesync.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.Secret;
import java.net.URI;
import org.junit.jupiter.api.Test;

class LanceLocationTest {
  @Test
  void addressesTheTableThroughTheS3Gateway() {
    LanceLocation location = new LanceLocation("repo", "main", "lancedb/docs.lance");

    assertThat(location.uri()).isEqualTo("s3://repo/main/lancedb/docs.lance");
    assertThat(location.at("c0ffee").uri()).isEqualTo("s3://repo/c0ffee/lancedb/docs.lance");
  }

  @Test
  void rejectsPathsThatWouldAddressAnotherObject() {
    assertThatThrownBy(() -> new LanceLocation("repo", "main", "/abs.lance"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LanceLocation("repo", "main", "dir/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LanceLocation("re/po", "main", "t.lance"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LanceLocation("repo", "", "t.lance"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void storageOptionsCarryExplicitCredentialsAndAllowHttpOnlyForHttp() {
    LakeFsSettings http =
        new LakeFsSettings(URI.create("http://127.0.0.1:8000"), "AKIA1", Secret.of("sk"));
    LakeFsSettings https =
        new LakeFsSettings(URI.create("https://lakefs.example.com"), "AKIA1", Secret.of("sk"));

    assertThat(LanceStorageOptions.forLakeFs(http))
        .containsEntry("aws_access_key_id", "AKIA1")
        .containsEntry("aws_secret_access_key", "sk")
        .containsEntry("aws_endpoint", "http://127.0.0.1:8000")
        .containsEntry("aws_region", "us-east-1")
        .containsEntry("allow_http", "true");
    assertThat(LanceStorageOptions.forLakeFs(https)).containsEntry("allow_http", "false");
  }
}
