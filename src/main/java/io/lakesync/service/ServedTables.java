package io.lakesync.service;

import io.lakesync.config.TableConfig;
import io.lakesync.embed.TextModels;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsObjectSource;
import io.lakesync.observe.TableLagProbe;
import io.lakesync.sync.ImageIndexing;
import io.lakesync.sync.ObjectSource;
import io.lakesync.sync.SyncEngine;
import io.lakesync.sync.TableStaleness;
import io.lakesync.sync.TableState;
import io.lakesync.table.TableOpener;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The tables as their target branches serve them, which the lag probe and the reconciler compare
 * with the source branches: a table's state, the fingerprint of its settings and model, the data it
 * is made from; and whether it is behind its source branch's head.
 */
final class ServedTables implements TableLagProbe.TableSide, Reconciler.LagCheck {
  private final LakeFs lakeFs;
  private final S3Client s3;
  private final TableOpener tables;
  private final TextModels models;
  private final ImageIndexing images;

  ServedTables(
      LakeFs lakeFs, S3Client s3, TableOpener tables, TextModels models, ImageIndexing images) {
    this.lakeFs = lakeFs;
    this.s3 = s3;
    this.tables = tables;
    this.models = models;
    this.images = images;
  }

  @Override
  public Optional<TableState> state(TableConfig table) {
    return tables.embeddingsAt(table, table.targetBranch()).state();
  }

  @Override
  public String fingerprint(TableConfig table) {
    return SyncEngine.fingerprint(table, models.model(table).stamp(), images);
  }

  @Override
  public ObjectSource source(TableConfig table) {
    return new LakeFsObjectSource(lakeFs, s3, table.repository());
  }

  /**
   * The source branch's head when it has changes in the table's scope that the served table does
   * not reflect yet; null when the table is current (lakesync's own merges change nothing).
   */
  @Override
  public String behindHead(TableConfig table) throws IOException {
    String head = lakeFs.branchHead(table.repository(), table.branch());
    boolean behind =
        TableStaleness.behind(table, state(table), fingerprint(table), head, source(table));
    return behind ? head : null;
  }
}
