package io.lakesync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The sync invariant: after any history of commits, the incrementally synced table equals a table
 * rebuilt from scratch at the same commit. Histories mix adds, paragraph edits, deletes, renames,
 * reverts to an earlier commit, unreadable objects, images (added, replaced, renamed, copied,
 * broken), and changes of the table's scope.
 */
class IncrementalEqualsFullRebuildTest {
  private static final int HISTORIES = 200;
  private static final int STEPS = 8;
  private static final List<String> SCOPES =
      List.of(
          "include: ['docs/**']",
          "include: ['docs/**'], exclude: ['docs/drafts/**']",
          "include: ['**/*.md']",
          "include: ['docs/**', 'notes/**']");

  /** A few images, so renames, copies and reverts meet content the table has seen. */
  private static final List<byte[]> IMAGES = images();

  private final ImageIndexing images = HashImageModels.indexing();

  @Test
  void incrementalSyncEqualsAFullRebuildAfterEveryStep() throws Exception {
    int syncs = 0;
    for (int history = 0; history < HISTORIES; history++) {
      Random random = new Random(history);
      InMemoryObjectSource source = new InMemoryObjectSource();
      InMemoryVectorStore incremental = new InMemoryVectorStore();
      HashEmbedder embedder = new HashEmbedder();
      List<Map<String, byte[]>> past = new ArrayList<>();
      Map<String, byte[]> files = new TreeMap<>();
      String scope = SCOPES.get(0);

      for (int step = 0; step < STEPS; step++) {
        String op = mutate(random, files, past);
        if (random.nextInt(8) == 0) {
          scope = SCOPES.get(random.nextInt(SCOPES.size()));
          op += " + scope " + scope;
        }
        past.add(new TreeMap<>(files));
        String commit = source.commit(files);
        TableConfig table = table(scope, TableConfig.DEFAULT_BATCH_CHUNKS);
        // The incremental side streams in small batches of a random size (objects' rows span
        // batches); the rebuild writes one batch.
        TableConfig batched = table(scope, 16 + random.nextInt(48));

        new SyncEngine(batched, source, incremental, embedder, images, "test").sync(commit);
        InMemoryVectorStore rebuilt = new InMemoryVectorStore();
        new SyncEngine(table, source, rebuilt, new HashEmbedder(), images, "test").sync(commit);
        syncs++;

        assertThat(comparable(incremental.rows()))
            .as("history %d step %d (%s)", history, step, op)
            .isEqualTo(comparable(rebuilt.rows()));
      }
    }
    assertThat(syncs).isEqualTo(HISTORIES * STEPS);
  }

  /** Everything but source_commit, which records when a row was computed, not what it holds. */
  static Map<String, String> comparable(Map<String, EmbeddingRow> rows) {
    Map<String, String> out = new TreeMap<>();
    rows.forEach(
        (id, r) ->
            out.put(
                id,
                String.join(
                    "|",
                    r.path(),
                    Integer.toString(r.chunk()),
                    r.start() + "-" + r.end(),
                    r.text(),
                    r.context(),
                    r.textSha256(),
                    r.objectChecksum(),
                    r.model(),
                    java.util.Arrays.toString(r.vector()),
                    r.modality(),
                    r.image() == null
                        ? "-"
                        : java.util.Arrays.toString(r.image().vector())
                            + r.image().labels()
                            + r.image().ocrText()
                            + r.image().imageModel()
                            + r.image().ocrEngine())));
    return out;
  }

  private static List<byte[]> images() {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      out.add(
          io.lakesync.testing.TestImages.png(
              io.lakesync.testing.TestImages.colourField(i, 48, 32)));
    }
    // A broken one: skipped with a reason, like the unreadable documents.
    out.add(java.util.Arrays.copyOf(out.get(0), 40));
    return out;
  }

  private static String mutate(
      Random random, Map<String, byte[]> files, List<Map<String, byte[]>> past) {
    List<String> paths = new ArrayList<>(files.keySet());
    int op = files.isEmpty() ? 0 : random.nextInt(8);
    switch (op) {
      case 0, 1 -> {
        String path = randomPath(random);
        files.put(path, text(random, 1 + random.nextInt(5)));
        return "add " + path;
      }
      case 2 -> {
        String path = paths.get(random.nextInt(paths.size()));
        files.put(path, editParagraph(random, files.get(path)));
        return "edit " + path;
      }
      case 3 -> {
        String path = paths.get(random.nextInt(paths.size()));
        files.remove(path);
        return "delete " + path;
      }
      case 4 -> {
        String from = paths.get(random.nextInt(paths.size()));
        String to = randomPath(random);
        files.put(to, files.remove(from));
        return "rename " + from + " -> " + to;
      }
      case 5 -> {
        if (past.isEmpty()) {
          return "nothing";
        }
        files.clear();
        files.putAll(past.get(random.nextInt(past.size())));
        return "revert";
      }
      case 6 -> {
        String path = randomPath(random).replace(".md", ".png").replace(".txt", ".png");
        files.put(path, IMAGES.get(random.nextInt(IMAGES.size())));
        return "image " + path;
      }
      default -> {
        String path = randomPath(random).replace(".md", ".bin");
        files.put(path, random.nextBoolean() ? new byte[] {0, 1, 2} : new byte[0]);
        return "unreadable " + path;
      }
    }
  }

  private static String randomPath(Random random) {
    String dir =
        List.of("docs/", "docs/drafts/", "docs/guides/", "notes/", "other/").get(random.nextInt(5));
    return dir + "f" + random.nextInt(12) + (random.nextInt(4) == 0 ? ".txt" : ".md");
  }

  private static byte[] text(Random random, int paragraphs) {
    List<String> out = new ArrayList<>();
    for (int p = 0; p < paragraphs; p++) {
      // A small vocabulary of paragraphs, so identical chunks recur across objects; headings,
      // so chunks carry context that edits change.
      int kind = random.nextInt(6);
      out.add(
          kind == 0
              ? heading(random)
              : kind < 3
                  ? "shared paragraph " + random.nextInt(4)
                  : words(random, 5 + random.nextInt(90)));
    }
    return String.join("\n\n", out).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] editParagraph(Random random, byte[] content) {
    String[] paragraphs = new String(content, StandardCharsets.UTF_8).split("\n\n", -1);
    paragraphs[random.nextInt(paragraphs.length)] =
        random.nextInt(4) == 0 ? heading(random) : words(random, 5 + random.nextInt(90));
    return String.join("\n\n", paragraphs).getBytes(StandardCharsets.UTF_8);
  }

  /** A Markdown heading from a small vocabulary (a plain-text file reads it as a paragraph). */
  private static String heading(Random random) {
    return "#".repeat(1 + random.nextInt(3)) + " Section " + random.nextInt(5);
  }

  private static String words(Random random, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " ").append("w").append(random.nextInt(5000));
    }
    return sb.toString();
  }

  private static TableConfig table(String scope, int batchChunks) {
    return LakesyncConfig.parse(
            "tables: [{name: docs, repository: repo, branch: main, chunk_tokens: 48, chunk_overlap: 8, "
                + "batch_chunks: "
                + batchChunks
                + ", "
                + scope
                + "}]")
        .tables()
        .get(0);
  }
}
