package io.lakesync.deploy;

import io.lakesync.testing.Processes;
import io.lakesync.testing.ProjectDir;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** The {@code docker} command line, for one-shot runs and for looking inside an image. */
final class Docker {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private Docker() {}

  /** {@code docker run --rm ARGS}; fails unless it exits 0. */
  static Processes.Result run(List<String> args) {
    List<String> command = new ArrayList<>(List.of("docker", "run", "--rm"));
    command.addAll(args);
    return Processes.run(command, ProjectDir.get(), Map.of(), null, TIMEOUT)
        .requireSuccess(command);
  }

  static String cli(String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    return Processes.run(command, ProjectDir.get(), Map.of(), null, TIMEOUT)
        .requireSuccess(command)
        .stdout()
        .strip();
  }

  /**
   * Builds {@code dockerfile} with {@code files} (name in the context → file) as {@code tag}. The
   * classic builder: these test images are one stage each, and it needs no buildx.
   */
  static void build(String tag, String dockerfile, Map<String, Path> files, Path contextDir)
      throws IOException {
    if (Files.exists(contextDir)) {
      try (var walk = Files.walk(contextDir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(contextDir);
    Files.writeString(contextDir.resolve("Dockerfile"), dockerfile);
    for (var file : files.entrySet()) {
      Path target = contextDir.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      try {
        Files.createLink(target, file.getValue());
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(file.getValue(), target);
      }
    }
    List<String> command = List.of("docker", "build", "-q", "--network", "host", "-t", tag, ".");
    Processes.run(command, contextDir, Map.of("DOCKER_BUILDKIT", "0"), null, TIMEOUT)
        .requireSuccess(command);
  }

  /** Every regular file and link in the image's filesystem, relative to its root. */
  static List<String> files(String image) throws IOException {
    String id = cli("create", image);
    try {
      Process export = new ProcessBuilder("docker", "export", id).start();
      List<String> files = new ArrayList<>();
      try (InputStream in = export.getInputStream();
          TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          if (!entry.isDirectory()) {
            files.add(entry.getName().replaceFirst("^\\./", ""));
          }
        }
      }
      export.waitFor();
      return files;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      cli("rm", id);
    }
  }

  /** An image's size and its layers with what made each. */
  record ImageSummary(long bytes, List<String> layers) {
    @Override
    public String toString() {
      return String.format(
          "%.0f MB in %d layers:%n  %s", bytes / 1e6, layers.size(), String.join("\n  ", layers));
    }
  }

  static ImageSummary summary(String image) {
    long bytes = Long.parseLong(cli("image", "inspect", "--format", "{{.Size}}", image));
    List<String> layers =
        cli("history", "--no-trunc", "--format", "{{.Size}}\t{{.CreatedBy}}", image)
            .lines()
            .map(l -> l.length() > 110 ? l.substring(0, 110) + "…" : l)
            .toList();
    return new ImageSummary(bytes, layers);
  }
}
