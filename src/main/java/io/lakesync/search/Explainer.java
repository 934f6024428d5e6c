package io.lakesync.search;

import io.lakesync.config.EmbeddingModels;
import io.lakesync.config.ModelRecord;
import io.lakesync.config.TableConfig;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsCommit;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.TableState;
import io.lakesync.table.EmbeddingTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code lakesync explain}: from a hit back to its origin. The chunk's own text comes from the
 * table at the commit (exactly what was embedded, after any redaction); without a chunk, the raw
 * object at the commit. The history is lakeFS's log of commits that changed the path.
 */
public final class Explainer {
  /** Raw objects are shown up to this size; a chunk is always shown whole. */
  static final int MAX_CONTENT_BYTES = 64 * 1024;

  private static final int MAX_HISTORY = 50;

  private final LakeFs lakeFs;
  private final S3Client s3;
  private final TableSearch search;

  public Explainer(LakeFs lakeFs, S3Client s3, TableSearch search) {
    this.lakeFs = lakeFs;
    this.s3 = s3;
    this.search = search;
  }

  public Explanation explain(
      TableConfig table, String commitRef, String path, Optional<Integer> chunk)
      throws SearchException, IOException {
    LakeFsCommit commit = search.commit(table, commitRef);
    String content;
    List<Integer> span = null;
    Explanation.Model model = null;
    if (chunk.isPresent()) {
      EmbeddingRow row = chunkAt(table, commit.id(), path, chunk.get());
      content = row.text();
      span = List.of(row.start(), row.end());
      model = modelOf(row, search.tableAt(table, commit.id()).state());
    } else {
      content = objectAt(table, commit.id(), path);
    }
    return new Explanation(
        table.name(),
        commit.id(),
        path,
        chunk.orElse(null),
        span,
        content,
        history(table, commit, path),
        model);
  }

  /**
   * The model bytes behind a row's vector: a bundled model's artifact, or the files the table
   * records it read (a lakeFS model's commit included).
   */
  static Explanation.Model modelOf(EmbeddingRow row, Optional<TableState> state) {
    String stamp = row.model();
    if (state.isPresent()
        && state.get().model().equals(stamp)
        && !state.get().modelRecord().isEmpty()) {
      ModelRecord record = ModelRecord.parse(state.get().modelRecord());
      return new Explanation.Model(
          stamp,
          record.files().sha256(),
          record.files().onnx() + " + " + record.files().tokenizer());
    }
    return EmbeddingModels.byStamp(stamp)
        .map(m -> new Explanation.Model(stamp, m.sha256(), m.files().origin()))
        .orElse(new Explanation.Model(stamp, "", "unknown to this lakesync version"));
  }

  private EmbeddingRow chunkAt(TableConfig table, String commit, String path, int chunk)
      throws SearchException {
    EmbeddingTable at = search.tableAt(table, commit);
    List<EmbeddingRow> rows = at.rowsWithIds(List.of(EmbeddingRow.idOf(path, chunk)));
    if (rows.isEmpty()) {
      throw new SearchException(
          "no chunk " + chunk + " of " + path + " in table " + table.name() + " at " + commit);
    }
    return rows.get(0);
  }

  private String objectAt(TableConfig table, String commit, String path) throws SearchException {
    byte[] bytes;
    try {
      bytes =
          s3.getObjectAsBytes(b -> b.bucket(table.repository()).key(commit + "/" + path))
              .asByteArray();
    } catch (NoSuchKeyException e) {
      throw new SearchException("no object " + path + " at commit " + commit);
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, MAX_CONTENT_BYTES)))
              .toString();
      return bytes.length <= MAX_CONTENT_BYTES
          ? text
          : text + "\n… (" + (bytes.length - MAX_CONTENT_BYTES) + " more bytes)";
    } catch (CharacterCodingException e) {
      return "(" + bytes.length + " bytes of binary content)";
    }
  }

  private List<Explanation.Change> history(TableConfig table, LakeFsCommit commit, String path)
      throws IOException {
    return lakeFs.pathLog(table.repository(), commit.id(), path, MAX_HISTORY).stream()
        .map(
            c -> new Explanation.Change(c.id(), c.committer(), c.created().toString(), c.message()))
        .toList();
  }
}
