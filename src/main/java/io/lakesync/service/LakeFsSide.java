package io.lakesync.service;

import io.lakesync.config.LakeFsSettings;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.lakefs.LakeFsApi;
import io.lakesync.lakefs.S3Gateway;
import io.lakesync.table.TableOpener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What {@code lakesync serve} reaches lakeFS and its tables with, opened once and shared by every
 * part: the settings, the API client, the S3 gateway client, the Arrow allocator, the Lance tables
 * on the gateway, and the model their vectors come from.
 */
record LakeFsSide(
    LakeFsSettings settings,
    LakeFsApi api,
    S3Client s3,
    BufferAllocator allocator,
    TableOpener tables,
    TextEmbedder embedder) {

  /** Opens the clients; the S3 client and the allocator are closed with {@code opened}. */
  static LakeFsSide open(LakeFsSettings settings, TextEmbedder embedder, StartupResources opened) {
    LakeFsApi api = LakeFsApi.connect(settings);
    S3Client s3 = opened.add(S3Gateway.client(settings));
    BufferAllocator allocator = opened.add(new RootAllocator());
    return new LakeFsSide(
        settings,
        api,
        s3,
        allocator,
        new TableOpener(allocator, settings, embedder.model().dimension()),
        embedder);
  }
}
