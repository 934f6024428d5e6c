package io.lakesync.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root, where bin/ and config/ live; failsafe passes it in. */
public final class ProjectDir {
  private ProjectDir() {}

  public static Path get() {
    Path dir = Path.of(System.getProperty("lakesync.projectDir", ".")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
      throw new IllegalStateException("not the project root (no pom.xml): " + dir);
    }
    return dir;
  }

  public static Path buildDir() {
    return get().resolve("target");
  }
}
