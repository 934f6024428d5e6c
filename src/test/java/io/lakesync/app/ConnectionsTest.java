package io.lakesync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.Secret;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.lakefs.SdkLakeFs;
import io.lakesync.sync.HashEmbedder;
import io.lakesync.testing.DelegatingEmbedder;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Connections with stand-ins for every client: no network, no model. */
class ConnectionsTest {
  private static final LakeFsSettings SETTINGS =
      new LakeFsSettings(URI.create("http://127.0.0.1:9"), "AKIA", Secret.of("s"));
  private static final EmbeddingModel MODEL = new HashEmbedder().model();

  /** What was opened and closed, in order. */
  private final List<String> log = new ArrayList<>();

  private final Connections.Openers openers =
      new Connections.Openers(
          settings -> {
            log.add("open lakeFS");
            return SdkLakeFs.connect(settings, LakeFsErrors.NONE);
          },
          settings -> {
            log.add("open s3");
            return new S3Client() {
              @Override
              public String serviceName() {
                return "s3";
              }

              @Override
              public void close() {
                log.add("close s3");
              }
            };
          },
          () -> {
            log.add("open allocator");
            return new RootAllocator() {
              @Override
              public void close() {
                log.add("close allocator");
                super.close();
              }
            };
          },
          model -> {
            log.add("open embedder " + model.id());
            return new DelegatingEmbedder(new HashEmbedder()) {
              @Override
              public void close() {
                log.add("close embedder " + model.id());
              }
            };
          });

  @Test
  void opensNothingItIsNotAskedFor() {
    try (Connections connections = new Connections(SETTINGS, openers)) {
      assertThat(connections.settings()).isSameAs(SETTINGS);
      assertThat(log).isEmpty();
      connections.lakeFs();
      connections.s3();
    }

    assertThat(log).containsExactly("open lakeFS", "open s3", "close s3");
  }

  @Test
  void opensEachOnceAndReturnsTheSameInstance() {
    try (Connections connections = new Connections(SETTINGS, openers)) {
      LakeFs lakeFs = connections.lakeFs();
      S3Client s3 = connections.s3();
      BufferAllocator allocator = connections.allocator();
      TextEmbedder embedder = connections.embedder(MODEL);

      assertThat(connections.lakeFs()).isSameAs(lakeFs);
      assertThat(connections.s3()).isSameAs(s3);
      assertThat(connections.allocator()).isSameAs(allocator);
      assertThat(connections.embedder(MODEL)).isSameAs(embedder);
    }

    assertThat(log.stream().filter(line -> line.startsWith("open"))).hasSize(4);
  }

  @Test
  void closesWhatItOpenedNewestFirst() {
    try (Connections connections = new Connections(SETTINGS, openers)) {
      connections.embedder(MODEL);
      connections.allocator();
      connections.s3();
      connections.lakeFs();
    }

    assertThat(log)
        .containsExactly(
            "open embedder hash",
            "open allocator",
            "open s3",
            "open lakeFS",
            "close s3",
            "close allocator",
            "close embedder hash");
  }

  @Test
  void closesTheRestWhenOneFailsToCloseAndThrowsTheFirstFailure() {
    Connections.Openers failingS3 =
        new Connections.Openers(
            openers.lakeFs(),
            settings ->
                new S3Client() {
                  @Override
                  public String serviceName() {
                    return "s3";
                  }

                  @Override
                  public void close() {
                    throw new IllegalStateException("s3 would not close");
                  }
                },
            openers.allocator(),
            openers.embedder());
    Connections connections = new Connections(SETTINGS, failingS3);
    connections.embedder(MODEL);
    connections.s3();

    assertThatThrownBy(connections::close).hasMessage("s3 would not close");
    assertThat(log).containsExactly("open embedder hash", "close embedder hash");
  }
}
