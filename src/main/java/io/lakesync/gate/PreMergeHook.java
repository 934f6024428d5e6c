package io.lakesync.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.lakesync.config.TableConfig;
import io.lakesync.http.SharedSecret;
import io.lakesync.http.TextResponses;
import io.lakesync.metrics.Metrics;
import io.lakesync.status.StatusBoard;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/pre-merge}: lakeFS calls it before every merge into a protected branch. It
 * audits each configured table the merge writes, at the merge commit, and answers 200 with the
 * report when all pass, 412 with the report otherwise; lakeFS then refuses the merge and keeps the
 * body as the hook run's output. It fails closed: when the audit itself cannot run (lakeFS
 * unreachable, an unreadable table), the answer is 500 and the merge is refused too.
 */
public final class PreMergeHook implements HttpHandler {
  public static final String PATH = "/hooks/pre-merge";
  private static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(PreMergeHook.class);

  /** The audit, behind an interface so the hook's decisions are testable without servers. */
  public interface Auditor {
    boolean touches(TableConfig table, String before, String after) throws IOException;

    GateReport evaluate(TableConfig table, String commit, Optional<String> baselineRef)
        throws IOException;
  }

  /** What the hook answers. */
  record Answer(int status, String body) {}

  private final List<TableConfig> tables;
  private final Auditor auditor;
  private final SharedSecret secret;
  private final Metrics metrics;
  private final StatusBoard board;

  public PreMergeHook(
      List<TableConfig> tables,
      Auditor auditor,
      SharedSecret secret,
      Metrics metrics,
      StatusBoard board) {
    this.tables = List.copyOf(tables);
    this.auditor = auditor;
    this.secret = secret;
    this.metrics = metrics;
    this.board = board;
  }

  public static Auditor auditor(QualityGate gate) {
    return new Auditor() {
      @Override
      public boolean touches(TableConfig table, String before, String after) throws IOException {
        return gate.touches(table, before, after);
      }

      @Override
      public GateReport evaluate(TableConfig table, String commit, Optional<String> baselineRef)
          throws IOException {
        return gate.evaluate(table, commit, baselineRef);
      }
    };
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!TextResponses.authorizedPost(exchange, secret)) {
      return;
    }
    Optional<byte[]> body = TextResponses.body(exchange, MAX_BODY_BYTES);
    if (body.isPresent()) {
      Answer answer = answer(body.get());
      TextResponses.send(exchange, answer.status(), answer.body());
    }
  }

  Answer answer(byte[] body) {
    JsonNode event;
    try {
      event = JSON.readTree(body);
    } catch (IOException e) {
      return new Answer(400, "not a lakeFS hook event: " + e.getMessage());
    }
    String type = text(event, "event_type");
    String repository = text(event, "repository_id");
    String branch = text(event, "branch_id");
    String commit = text(event, "commit_id");
    if (!"pre-merge".equals(type)) {
      return new Answer(400, "expected a pre-merge event, got event_type " + type);
    }
    if (repository == null || branch == null || commit == null) {
      return new Answer(400, "a pre-merge event needs repository_id, branch_id and commit_id");
    }
    long started = System.nanoTime();
    try {
      StringBuilder report = new StringBuilder();
      boolean passed = true;
      for (TableConfig table : tables) {
        if (!table.repository().equals(repository) || !table.targetBranch().equals(branch)) {
          continue;
        }
        if (!auditor.touches(table, branch, commit)) {
          report.append("table ").append(table.name()).append(": not changed by this merge\n");
          continue;
        }
        GateReport gate = auditor.evaluate(table, commit, Optional.of(branch));
        passed &= gate.passed();
        metrics.gateAudit(table.name(), gate.passed());
        board.gate(table.name(), gate.passed(), gate.render());
        gate.failures().forEach(f -> metrics.gateCheckFailed(table.name(), f.check()));
        report.append(gate.render());
      }
      if (report.isEmpty()) {
        report.append("no lakesync table is merged into ").append(branch).append('\n');
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      report.append("audited in ").append(millis).append(" ms\n");
      LOG.info(
          "pre-merge gate {} for {}/{} at {} in {} ms",
          passed ? "passed" : "failed",
          repository,
          branch,
          commit,
          millis);
      return new Answer(passed ? 200 : 412, report.toString());
    } catch (IOException | RuntimeException e) {
      LOG.warn("pre-merge gate could not audit {}/{} at {}", repository, branch, commit, e);
      return new Answer(
          500, "lakesync quality gate could not audit the merge (refusing it): " + e.getMessage());
    }
  }

  private static String text(JsonNode event, String field) {
    JsonNode node = event.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }
}
