package io.lakesync.service;

import io.lakesync.config.LakeFsSettings;
import io.lakesync.embed.TextModels;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.lakefs.S3Gateway;
import io.lakesync.lakefs.SdkLakeFs;
import io.lakesync.table.TableOpener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What {@code lakesync serve} reaches lakeFS and its tables with, opened once and shared by every
 * part: the settings, the lakeFS port, the S3 gateway client, the Arrow allocator, the Lance tables
 * on the gateway, and the model their vectors come from.
 */
record LakeFsSide(
    LakeFsSettings settings,
    LakeFs lakeFs,
    S3Client s3,
    BufferAllocator allocator,
    TableOpener tables,
    TextModels models) {

  /**
   * Opens the clients; the S3 client and the allocator are closed with {@code opened}. Failed
   * lakeFS calls are reported to {@code errors}.
   */
  static LakeFsSide open(
      LakeFsSettings settings, LakeFsErrors errors, TextModels models, StartupResources opened) {
    LakeFs lakeFs = SdkLakeFs.connect(settings, errors);
    S3Client s3 = opened.add(S3Gateway.client(settings));
    BufferAllocator allocator = opened.add(new RootAllocator());
    return new LakeFsSide(
        settings,
        lakeFs,
        s3,
        allocator,
        new TableOpener(allocator, settings, table -> models.model(table).dimension()),
        models);
  }
}
