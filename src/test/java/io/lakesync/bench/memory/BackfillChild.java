package io.lakesync.bench.memory;

import io.lakesync.config.Environment;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.lakefs.S3Gateway;
import io.lakesync.lakefs.SdkLakeFs;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.publish.TablePublisher;
import io.lakesync.table.TableOpener;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One backfill in a JVM of its own, for {@link BackfillMemoryBenchmark}: the real publisher
 * (staging branch, streamed sync, Lance on lakeFS, commit, merge) with the wide hash embedder
 * standing in for the model. Arguments: repository, table name, batch_chunks. Prints the publish
 * time and the outcome.
 */
public final class BackfillChild {
  private BackfillChild() {}

  public static void main(String[] args) throws Exception {
    String repo = args[0];
    String name = args[1];
    TableConfig table =
        LakesyncConfig.parse(
                "tables: [{name: "
                    + name
                    + ", repository: "
                    + repo
                    + ", branch: main, include: ['docs/**'], path: lancedb/"
                    + name
                    + ".lance, batch_chunks: "
                    + args[2]
                    + "}]")
            .tables()
            .get(0);
    LakeFsSettings settings = LakeFsSettings.fromEnvironment(Environment.system());
    LakeFs lakeFs = SdkLakeFs.connect(settings, LakeFsErrors.NONE);
    PublishOutcome outcome;
    long t0 = System.nanoTime();
    try (S3Client s3 = S3Gateway.client(settings);
        BufferAllocator allocator = new RootAllocator();
        WideHashEmbedder embedder = new WideHashEmbedder()) {
      TablePublisher publisher =
          new TablePublisher(
              lakeFs,
              s3,
              new TableOpener(allocator, settings, embedder.model().dimension()),
              embedder,
              "bench");
      outcome = publisher.publish(table, lakeFs.branchHead(repo, "main"));
    }
    System.out.printf(Locale.ROOT, "publish-seconds %.2f%n", (System.nanoTime() - t0) / 1e9);
    System.out.println(outcome.summary());
    outcome
        .result()
        .ifPresent(r -> System.out.println("phases-ms " + new java.util.TreeMap<>(r.phasesMs())));
    System.out.flush();
    // Lance and the SDK leave non-daemon threads behind; the measurement is over.
    System.exit(outcome.status() == PublishOutcome.Status.MERGED ? 0 : 1);
  }
}
