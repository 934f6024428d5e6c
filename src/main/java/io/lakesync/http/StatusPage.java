package io.lakesync.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.lakesync.status.RunningSyncs;
import io.lakesync.status.StatusBoard;
import io.lakesync.status.SyncOutcome;
import io.lakesync.status.TableLagSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /}: one page an operator can read without Grafana. Per table: source head, last synced
 * commit, commits and seconds behind, the running backfill's progress, the last outcome and the
 * last quality-gate report; then the consumer lag per topic. Refreshes itself every 5 s. Plain
 * HTML, no scripts, every value escaped.
 */
public final class StatusPage implements HttpHandler {
  static final int REFRESH_SECONDS = 5;

  private final StatusBoard board;
  private final String version;
  private final CallerAuth auth;
  private final Map<String, String> repositoryOfTable;

  /**
   * @param auth who may look: the page shows branch heads and gate reports, so it takes the
   *     caller's lakeFS key pair and lists only the tables whose repository lakeFS lets them read
   * @param repositoryOfTable each table's repository
   */
  public StatusPage(
      StatusBoard board, String version, CallerAuth auth, Map<String, String> repositoryOfTable) {
    this.board = board;
    this.version = version;
    this.auth = auth;
    this.repositoryOfTable = Map.copyOf(repositoryOfTable);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!"/".equals(exchange.getRequestURI().getPath())) {
      TextResponses.send(exchange, 404, "not found");
      return;
    }
    Optional<CallerAuth.Caller> caller = auth.authenticate(exchange);
    if (caller.isEmpty()) {
      return;
    }
    Set<String> visible = new HashSet<>();
    Map<String, Boolean> readable = new HashMap<>();
    for (String table : board.tables()) {
      String repository = repositoryOfTable.get(table);
      if (repository != null && mayRead(caller.get(), repository, readable)) {
        visible.add(table);
      }
    }
    byte[] body = render(Instant.now(), visible).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private static boolean mayRead(
      CallerAuth.Caller caller, String repository, Map<String, Boolean> readable) {
    return readable.computeIfAbsent(
        repository,
        r -> {
          try {
            return caller.mayRead(r);
          } catch (IOException e) {
            return false; // cannot tell now: show less, never more
          }
        });
  }

  String render(Instant now) {
    return render(now, Set.copyOf(board.tables()));
  }

  String render(Instant now, Set<String> visibleTables) {
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"")
        .append(REFRESH_SECONDS)
        .append("\"><title>lakesync status</title><style>")
        .append("body{font:14px system-ui,sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse;width:100%}")
        .append(
            "th,td{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}")
        .append("th{background:#f4f4f4}.ok{color:#1a7f37}.bad{color:#c62828;font-weight:600}")
        .append("code,pre{font:12px ui-monospace,monospace}pre{white-space:pre-wrap;margin:0}")
        .append("</style></head><body><h1>lakesync</h1><p>version ")
        .append(escape(version))
        .append(" · ")
        .append(now)
        .append(" · refreshes every ")
        .append(REFRESH_SECONDS)
        .append(" s</p><table><tr><th>table</th><th>source head</th><th>last synced</th>")
        .append("<th>commits behind</th><th>seconds behind</th><th>running sync</th>")
        .append("<th>last outcome</th><th>last gate report</th></tr>");
    for (String table : board.tables()) {
      if (visibleTables.contains(table)) {
        row(html, table);
      }
    }
    html.append("</table><h2>Consumer lag</h2><table><tr><th>topic</th><th>records</th></tr>");
    for (Map.Entry<String, Long> topic : new java.util.TreeMap<>(board.consumerLag()).entrySet()) {
      html.append("<tr><td>")
          .append(escape(topic.getKey()))
          .append("</td><td>")
          .append(topic.getValue())
          .append("</td></tr>");
    }
    return html.append("</table></body></html>").toString();
  }

  private void row(StringBuilder html, String table) {
    html.append("<tr><td><b>").append(escape(table)).append("</b></td>");
    var lag = board.lagOf(table);
    if (board.branchMissing(table)) {
      html.append("<td colspan=\"4\" class=\"bad\">")
          .append("source branch does not exist: the table is not synced until it does")
          .append("</td>");
    } else if (lag.isPresent()) {
      TableLagSnapshot l = lag.get();
      html.append(cell(code(l.head())))
          .append(cell(l.lastSynced().map(StatusPage::code).orElse("no table yet")))
          .append(cell(badIf(l.commitsBehind() > 0, String.valueOf(l.commitsBehind()))))
          .append(cell(badIf(l.secondsBehind() > 0, String.valueOf(l.secondsBehind()))));
    } else {
      String why = board.lagErrorOf(table).map(e -> "not measured: " + e).orElse("measuring…");
      html.append("<td colspan=\"4\">").append(escape(why)).append("</td>");
    }
    RunningSyncs.Running running = RunningSyncs.of(table);
    html.append(cell(running == null ? "—" : progress(running)));
    html.append(
        cell(
            board
                .syncOf(table)
                .map(
                    s ->
                        badIf(
                                s.status().outcome() != SyncOutcome.MERGED
                                    && s.status().outcome() != SyncOutcome.NOOP,
                                s.status().outcome().label())
                            + " "
                            + ago(s.at())
                            + (s.status().message() == null
                                    || s.status().message().isBlank()
                                    || s.status().outcome() == SyncOutcome.REJECTED
                                ? ""
                                : "<br>" + escape(shorten(s.status().message())))
                            + lastChange(table, s))
                .orElse("—")));
    html.append(
        cell(
            board
                .gateOf(table)
                .map(
                    g ->
                        "<details><summary>"
                            + badIf(!g.passed(), g.passed() ? "passed" : "failed")
                            + " "
                            + ago(g.at())
                            + "</summary><pre>"
                            + escape(g.report())
                            + "</pre></details>")
                .orElse("—")));
    html.append("</tr>");
  }

  /** After a noop, the last real change: what happened to the table, and when. */
  private String lastChange(String table, StatusBoard.SyncEntry last) {
    return board
        .lastChangeOf(table)
        .filter(change -> change != last)
        .map(
            change ->
                "<br><small>last change: "
                    + escape(change.status().outcome().label())
                    + (change.status().mergeCommit() == null
                        ? ""
                        : " " + code(change.status().mergeCommit()))
                    + " "
                    + ago(change.at())
                    + "</small>")
        .orElse("");
  }

  private static String cell(String content) {
    return "<td>" + content + "</td>";
  }

  /**
   * How far the running sync is: objects written of planned (durable: a restart resumes after
   * them), what is read and embedded ahead of that, the rate, the ETA and what it does now.
   */
  private static String progress(RunningSyncs.Running running) {
    long eta = running.etaSeconds();
    return String.format(
            Locale.ROOT,
            "%s: %d / %d objects written (%.0f%%), %d read; %d / %d chunks embedded, %.1f"
                + " chunks/s; ETA %s; %s",
            code(running.commit()),
            running.done(),
            running.total(),
            100 * running.fraction(),
            running.read(),
            running.chunksDone(),
            running.chunksPlanned(),
            running.chunkRate(),
            eta < 0
                ? "unknown"
                : Duration.ofSeconds(eta).toString().substring(2).toLowerCase(Locale.ROOT),
            running.phase().name().toLowerCase(Locale.ROOT))
        + (running.resumedObjects() > 0
            ? String.format(Locale.ROOT, " (resumed after %d objects)", running.resumedObjects())
            : "");
  }

  private static String code(String commit) {
    return "<code title=\""
        + escape(commit)
        + "\">"
        + escape(commit.substring(0, Math.min(12, commit.length())))
        + "</code>";
  }

  private static String badIf(boolean bad, String text) {
    return "<span class=\"" + (bad ? "bad" : "ok") + "\">" + escape(text) + "</span>";
  }

  private static String ago(Instant at) {
    long seconds = Duration.between(at, Instant.now()).toSeconds();
    return "<small>(" + seconds + " s ago)</small>";
  }

  private static String shorten(String message) {
    return message.length() <= 200 ? message : message.substring(0, 200) + "…";
  }

  static String escape(String text) {
    return Html.escape(text);
  }
}
