package io.lakesync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.table.LanceLocation;
import io.lakesync.table.LanceStorageOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The stock Python {@code lancedb} client from PyPI (in the venv {@code bin/lancedb-venv} makes),
 * opening a table exactly as the lakeFS docs show: {@code
 * lancedb.connect("s3://<repo>/<ref>/<dir>", storage_options=...)}, then {@code
 * open_table(<name>)}.
 */
public final class LanceDbPython {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static volatile String python;

  private final LakeFsSettings settings;

  public LanceDbPython(LakeFsSettings settings) {
    this.settings = settings;
  }

  /** The request for a table, before the optional query fields are added. */
  public ObjectNode request(LanceLocation table) {
    String path = table.path();
    int slash = path.lastIndexOf('/');
    String dir = slash < 0 ? "" : "/" + path.substring(0, slash);
    String name = path.substring(slash + 1).replaceFirst("\\.lance$", "");
    ObjectNode request = JSON.createObjectNode();
    request.put("db_uri", "s3://" + table.repository() + "/" + table.ref() + dir);
    request.put("table", name);
    request.set("storage_options", JSON.valueToTree(LanceStorageOptions.forLakeFs(settings)));
    return request;
  }

  public long count(LanceLocation table) {
    return run(request(table)).get("count").asLong();
  }

  /** Top-k ids by cosine distance, as the Python client ranks them. */
  public List<String> nearestIds(LanceLocation table, float[] query, int k) {
    ObjectNode request = request(table);
    request.set("query", JSON.valueToTree(query));
    request.put("k", k);
    JsonNode hits = run(request).get("hits");
    return java.util.stream.StreamSupport.stream(hits.spliterator(), false)
        .map(h -> h.get("id").asText())
        .toList();
  }

  /**
   * Top-k ids of a full-text query on the text column, or of a hybrid query (vector and text, fused
   * by LanceDB's default reranker) when {@code query} is given, as the Python client ranks them.
   */
  public List<String> textIds(LanceLocation table, String text, float[] query, int k) {
    ObjectNode request = request(table);
    request.put("text", text);
    if (query != null) {
      request.set("query", JSON.valueToTree(query));
    }
    request.put("k", k);
    JsonNode hits = run(request).get("text_hits");
    return java.util.stream.StreamSupport.stream(hits.spliterator(), false)
        .map(h -> h.get("id").asText())
        .toList();
  }

  public JsonNode run(ObjectNode request) {
    List<String> command =
        List.of(python(), ProjectDir.get().resolve("src/test/python/lancedb_probe.py").toString());
    try {
      String stdout =
          Processes.run(
                  command, ProjectDir.get(), Map.of(), JSON.writeValueAsString(request), TIMEOUT)
              .requireSuccess(command)
              .stdout();
      return JSON.readTree(stdout);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String python() {
    if (python == null) {
      synchronized (LanceDbPython.class) {
        if (python == null) {
          List<String> command = List.of(ProjectDir.get().resolve("bin/lancedb-venv").toString());
          python =
              Processes.run(command, ProjectDir.get(), Map.of(), null, TIMEOUT)
                  .requireSuccess(command)
                  .stdout()
                  .strip();
        }
      }
    }
    return python;
  }
}
