package io.lakesync.search;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.lakesync.config.TableConfig;
import io.lakesync.http.CallerAuth;
import io.lakesync.http.Html;
import io.lakesync.lakefs.BranchRef;
import io.lakesync.publish.StagingBranches;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /find}: search for people. A form (table, question, branch/tag/commit, mode) and, for
 * a question, the hits: path, heading path, a snippet with the query's words marked, score, the
 * commit the answer is pinned to, and the exact command and URL that reproduce it. Plain
 * server-rendered HTML that works without JavaScript. Behind the same authentication as {@code
 * /search}: the caller's lakeFS key pair, and the table is read as them.
 */
public final class SearchPage implements HttpHandler {
  public static final String PATH = "/find";
  private static final int MAX_BRANCHES = 50;

  private final CallerSearch search;

  public SearchPage(CallerSearch search) {
    this.search = search;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!PATH.equals(exchange.getRequestURI().getPath())
        || !"GET".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    Optional<CallerAuth.Caller> caller = search.auth().authenticate(exchange);
    if (caller.isEmpty()) {
      return;
    }
    Map<String, String> params = SearchRequest.params(exchange.getRequestURI().getRawQuery());
    Optional<SearchRequest.Outcome> outcome =
        params.containsKey("q") || params.containsKey("image")
            ? Optional.of(search.run(caller.get(), params))
            : Optional.empty();
    List<String> branches = branches(caller.get(), selected(params));
    int status =
        outcome
            .filter(SearchRequest.Outcome.Refused.class::isInstance)
            .map(o -> ((SearchRequest.Outcome.Refused) o).status())
            .orElse(200);
    byte[] body = render(params, branches, outcome).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private TableConfig selected(Map<String, String> params) {
    return search.tables().stream()
        .filter(t -> t.name().equals(params.get("table")))
        .findFirst()
        .orElse(search.tables().get(0));
  }

  /** The caller's branches of the table's repository, staging branches left out, for the form. */
  private static List<String> branches(CallerAuth.Caller caller, TableConfig table) {
    try {
      return caller.lakeFs().listBranches(table.repository(), "").stream()
          .map(BranchRef::name)
          .filter(name -> !name.startsWith(StagingBranches.PREFIX))
          .limit(MAX_BRANCHES)
          .toList();
    } catch (IOException e) {
      return List.of(table.targetBranch()); // the list is a convenience: a ref can be typed
    }
  }

  String render(
      Map<String, String> params, List<String> branches, Optional<SearchRequest.Outcome> outcome) {
    TableConfig table = selected(params);
    String query = params.getOrDefault("q", "");
    String mode = params.getOrDefault("mode", SearchMode.DEFAULT.label());
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(query.isBlank() ? "lakesync search" : Html.escape(query) + " – lakesync search")
        .append("</title><style>")
        .append("body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;")
        .append("padding:0 1em;color:#1d1d1f}form{display:flex;flex-wrap:wrap;gap:.6em;")
        .append("align-items:end;margin-bottom:1.2em}label{display:flex;flex-direction:column;")
        .append("font-size:.8em;color:#555}input,select,button{font:inherit;padding:.3em .4em}")
        .append("input[name=q]{width:28em}ol{padding-left:1.4em}li{margin:0 0 1.1em}")
        .append(".path{font-weight:600}.meta,.ctx{color:#666;font-size:.85em}")
        .append("mark{background:#ffe58a;padding:0 .1em}.pin{background:#f3f6fa;")
        .append("padding:.6em .8em;border-radius:4px}.error{color:#a40000;font-weight:600}")
        .append("pre{background:#f6f6f6;padding:.5em;overflow-x:auto;font-size:.85em}")
        .append(".picture{display:flex;gap:1em;align-items:flex-start}")
        .append("img.thumb{max-width:160px;max-height:160px;border:1px solid #ddd;flex:none}")
        .append("</style></head><body><h1>Search</h1>");
    form(html, table, query, mode, params, branches);
    outcome.ifPresent(
        o -> {
          if (o instanceof SearchRequest.Outcome.Answered answered) {
            answer(html, answered.answer(), params);
          } else {
            SearchRequest.Outcome.Refused refused = (SearchRequest.Outcome.Refused) o;
            html.append("<p class=\"error\">")
                .append(refused.status())
                .append(": ")
                .append(Html.escape(refused.message()))
                .append("</p>");
          }
        });
    return html.append("</body></html>").toString();
  }

  private void form(
      StringBuilder html,
      TableConfig table,
      String query,
      String mode,
      Map<String, String> params,
      List<String> branches) {
    html.append("<form method=\"get\" action=\"").append(PATH).append("\">");
    html.append("<label>Table<select name=\"table\">");
    for (TableConfig t : search.tables()) {
      html.append(option(t.name(), t.name(), t == table));
    }
    html.append("</select></label><label>Question<input name=\"q\" autofocus value=\"")
        .append(Html.escape(query))
        .append("\"></label><label>Branch, tag or commit<input name=\"ref\" list=\"refs\" value=\"")
        .append(Html.escape(params.getOrDefault("ref", table.targetBranch())))
        .append("\"></label><datalist id=\"refs\">");
    branches.forEach(b -> html.append(option(b, b, false)));
    html.append("</datalist><label>Mode<select name=\"mode\">");
    for (SearchMode m : SearchMode.values()) {
      html.append(option(m.label(), m.label(), m.label().equals(mode)));
    }
    html.append("</select></label><button type=\"submit\">Search</button></form>");
  }

  private void answer(StringBuilder html, SearchAnswer answer, Map<String, String> params) {
    String pinned = pinnedUrl(answer, params);
    html.append("<p class=\"pin\">Table <b>")
        .append(Html.escape(answer.table()))
        .append("</b> at <code>")
        .append(Html.escape(answer.ref()))
        .append("</code> = commit <a href=\"")
        .append(Html.escape(pinned))
        .append("\"><code>")
        .append(Html.escape(answer.commit()))
        .append("</code></a><br><span class=\"meta\">")
        .append(Html.escape(answer.mode()))
        .append(" search · model ")
        .append(Html.escape(answer.model()))
        .append(" · ")
        .append(answer.hits().size())
        .append(answer.hits().size() == 1 ? " hit" : " hits")
        .append("</span>");
    if (isImageAnswer(answer)) {
      html.append("<br>Images like <code>").append(Html.escape(answer.query())).append("</code>");
    }
    html.append("</p>");
    if (answer.hits().isEmpty()) {
      html.append("<p>No hits.</p>");
    }
    html.append("<ol>");
    for (SearchHit hit : answer.hits()) {
      hit(html, answer, hit);
    }
    html.append("</ol><h2>Reproduce this answer</h2><pre>")
        .append(Html.escape(command(answer, params)))
        .append("</pre><pre>GET ")
        .append(Html.escape(apiUrl(answer, params)))
        .append("</pre>");
  }

  private void hit(StringBuilder html, SearchAnswer answer, SearchHit hit) {
    html.append(hit.isImage() ? "<li class=\"image\"><div class=\"picture\">" : "<li>");
    if (hit.isImage()) {
      html.append("<img class=\"thumb\" alt=\"")
          .append(Html.escape(hit.path()))
          .append("\" src=\"")
          .append(Html.escape(thumbnailUrl(answer, hit)))
          .append("\">");
    }
    html.append("<div><div class=\"path\">").append(Html.escape(hit.path())).append("</div>");
    if (!hit.context().isEmpty()) {
      html.append("<div class=\"ctx\">").append(Html.escape(hit.context())).append("</div>");
    }
    if (!hit.labels().isEmpty()) {
      html.append("<div class=\"ctx\">labels: ");
      for (int i = 0; i < hit.labels().size(); i++) {
        SearchHit.Label label = hit.labels().get(i);
        html.append(i == 0 ? "" : ", ")
            .append(Html.escape(label.label()))
            .append(String.format(Locale.ROOT, " %.2f", label.p()));
      }
      html.append("</div>");
    }
    html.append("<div>")
        .append(
            isImageAnswer(answer)
                ? Html.escape(hit.snippet(300))
                : Snippets.marked(hit.text(), answer.query()))
        .append("</div><div class=\"meta\">score ")
        .append(String.format(Locale.ROOT, "%.4f", hit.score()))
        .append(" · chunk ")
        .append(hit.chunk())
        .append(" · characters ")
        .append(hit.start())
        .append("–")
        .append(hit.end())
        .append(" · vector from <code>")
        .append(Html.escape(shortCommit(hit.sourceCommit())))
        .append("</code>");
    if (hit.isImage()) {
      html.append(" · <a class=\"similar\" href=\"")
          .append(Html.escape(similarUrl(answer, hit)))
          .append("\">similar images</a>");
    }
    html.append(hit.isImage() ? "</div></div></div></li>" : "</div></div></li>");
  }

  private static boolean isImageAnswer(SearchAnswer answer) {
    return SearchMode.IMAGE_LABEL.equals(answer.mode());
  }

  /** The hit's image scaled down, read at the answer's commit (so it may be cached for good). */
  static String thumbnailUrl(SearchAnswer answer, SearchHit hit) {
    return ThumbnailEndpoint.PATH
        + "?table="
        + encode(answer.table())
        + "&commit="
        + answer.commit()
        + "&path="
        + encode(hit.path());
  }

  /** An image search for the hit's image, as it is at the answer's commit. */
  String similarUrl(SearchAnswer answer, SearchHit hit) {
    return PATH
        + "?table="
        + encode(answer.table())
        + "&ref="
        + answer.commit()
        + "&k="
        + answer.k()
        + "&image="
        + encode(imageUri(answer, hit));
  }

  private String imageUri(SearchAnswer answer, SearchHit hit) {
    String repository =
        search.tables().stream()
            .filter(t -> t.name().equals(answer.table()))
            .findFirst()
            .orElseThrow()
            .repository();
    return new QueryImage.LakeFsObject(repository, answer.commit(), hit.path()).label();
  }

  /** The CLI command that gives this answer again, pinned to its commit. */
  static String command(SearchAnswer answer, Map<String, String> params) {
    String prefix = params.getOrDefault("prefix", "");
    return "lakesync search --config lakesync.yaml --table "
        + shellQuoted(answer.table())
        + " --ref "
        + answer.commit()
        + (isImageAnswer(answer) ? "" : " --mode " + answer.mode())
        + " --k "
        + answer.k()
        + (prefix.isBlank() ? "" : " --prefix " + shellQuoted(prefix))
        + (isImageAnswer(answer) ? " --image " : " ")
        + shellQuoted(answer.query());
  }

  static String apiUrl(SearchAnswer answer, Map<String, String> params) {
    return SearchEndpoint.PATH + "?" + pinnedQuery(answer, params);
  }

  private static String pinnedUrl(SearchAnswer answer, Map<String, String> params) {
    return PATH + "?" + pinnedQuery(answer, params);
  }

  private static String pinnedQuery(SearchAnswer answer, Map<String, String> params) {
    String prefix = params.getOrDefault("prefix", "");
    return "table="
        + encode(answer.table())
        + "&ref="
        + answer.commit()
        + (isImageAnswer(answer) ? "" : "&mode=" + answer.mode())
        + "&k="
        + answer.k()
        + (prefix.isBlank() ? "" : "&prefix=" + encode(prefix))
        + (isImageAnswer(answer) ? "&image=" : "&q=")
        + encode(answer.query());
  }

  private static String option(String value, String label, boolean selected) {
    return "<option value=\""
        + Html.escape(value)
        + "\""
        + (selected ? " selected" : "")
        + ">"
        + Html.escape(label)
        + "</option>";
  }

  static String shellQuoted(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String shortCommit(String commit) {
    return commit.substring(0, Math.min(12, commit.length()));
  }
}
