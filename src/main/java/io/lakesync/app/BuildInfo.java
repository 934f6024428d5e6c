package io.lakesync.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions of lakesync and of the components it pins, filled in by the build. */
public record BuildInfo(
    String lakesync,
    String kafka,
    String lance,
    String djl,
    String lakeFsSdk,
    String lakeFsServer) {
  static final String RESOURCE = "/io/lakesync/build.properties";

  public static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BuildInfo(
        p.getProperty("lakesync.version"),
        p.getProperty("kafka.version"),
        p.getProperty("lance.version"),
        p.getProperty("djl.version"),
        p.getProperty("lakefs.sdk.version"),
        p.getProperty("lakefs.server.version"));
  }
}
