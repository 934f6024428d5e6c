package io.lakesync.bench.pipeline;

import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.Environment;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.lakefs.S3Gateway;
import io.lakesync.lakefs.SdkLakeFs;
import io.lakesync.table.LanceLocation;
import io.lakesync.table.LanceTables;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lance.Dataset;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where the fixed start-up of a {@code lakesync sync} goes, measured in a fresh JVM started as
 * bin/lakesync starts one: the JVM up to {@code main}, then each thing a sync opens before its
 * first phase, in the order a sync opens them (first use pays the class loading and native
 * libraries). Prints one JSON object of milliseconds.
 *
 * <p>Arguments: the lakesync configuration file, the table name, the model cache directory.
 */
public final class StartupProbe {
  private StartupProbe() {}

  public static void main(String[] args) throws Exception {
    Map<String, Long> ms = new LinkedHashMap<>();
    ms.put("jvm", ManagementFactory.getRuntimeMXBean().getUptime());
    long mark = System.nanoTime();
    TableConfig table = LakesyncConfig.load(Path.of(args[0])).table(args[1]).orElseThrow();
    LakeFsSettings settings = LakeFsSettings.fromEnvironment(Environment.system());
    mark = lap(ms, "config", mark);
    LakeFs lakeFs = SdkLakeFs.connect(settings, LakeFsErrors.NONE);
    String head = lakeFs.branchHead(table.repository(), table.branch());
    mark = lap(ms, "lakefs", mark);
    try (S3Client s3 = S3Gateway.client(settings);
        DjlTextEmbedder embedder =
            DjlTextEmbedder.load(EmbeddingModel.ALL_MINILM_L6_V2, Path.of(args[2]))) {
      mark = lap(ms, "model", mark);
      embedder.embed(List.of("warm the session up"));
      mark = lap(ms, "first_embedding", mark);
      s3.listObjectsV2(b -> b.bucket(table.repository()).prefix(head + "/").maxKeys(1));
      mark = lap(ms, "s3", mark);
    }
    try (BufferAllocator allocator = new RootAllocator()) {
      // Before the first sync there is no table yet: the native library loads all the same.
      new LanceTables(allocator, settings)
          .openIfExists(new LanceLocation(table.repository(), table.branch(), table.path()))
          .ifPresent(Dataset::close);
      lap(ms, "lance", mark);
    }
    System.out.println(
        ms.entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\": " + e.getValue())
            .collect(Collectors.joining(", ", "{", "}")));
  }

  private static long lap(Map<String, Long> ms, String name, long mark) {
    long now = System.nanoTime();
    ms.put(name, (now - mark) / 1_000_000);
    return now;
  }
}
