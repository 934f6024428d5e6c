package io.lakesync.publish;

import io.lakesync.lakefs.ActionRun;
import io.lakesync.lakefs.HookRun;
import io.lakesync.lakefs.LakeFs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the pre-merge hooks said when lakeFS refused a merge. lakeFS answers the merge with a bare
 * 412; the reasons live in the action run's hook output, which holds the webhook's response (the
 * quality gate's report). Secret headers appear there masked by lakeFS.
 */
final class HookRunReports {
  private static final String RESPONSE_MARKER = "\nResponse:\n";
  private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^Content-Length:\\s*(\\d+)");

  /** How many of the branch's runs are looked at; the refused merge's run is among the newest. */
  private static final int RUNS = 100;

  private HookRunReports() {}

  /**
   * Response bodies of the failed hooks of the latest failed pre-merge run on {@code branch} that
   * started at or after {@code since}; empty when there is none (or it cannot be read).
   */
  static Optional<String> latestFailedPreMerge(
      LakeFs lakeFs, String repository, String branch, Instant since) {
    try {
      // lakeFS does not list runs newest first: pick the latest by start time.
      Optional<ActionRun> latest =
          lakeFs.actionRuns(repository, branch, RUNS).stream()
              .filter(r -> "pre-merge".equals(r.eventType()))
              .filter(ActionRun::failed)
              .filter(r -> !r.started().isBefore(since))
              .max(Comparator.comparing(ActionRun::started).thenComparing(ActionRun::runId));
      return latest.isEmpty()
          ? Optional.empty()
          : Optional.of(failedOutputs(lakeFs, repository, latest.get().runId()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String failedOutputs(LakeFs lakeFs, String repository, String runId)
      throws IOException {
    List<String> bodies = new ArrayList<>();
    for (HookRun hook : lakeFs.hookRuns(repository, runId)) {
      if (hook.failed()) {
        String output = lakeFs.hookOutput(repository, runId, hook.hookRunId());
        bodies.add(hook.hookId() + ": " + responseBody(output));
      }
    }
    return String.join("\n", bodies).strip();
  }

  /**
   * The response body in lakeFS's dump of a webhook call, or the whole dump when not found. lakeFS
   * appends its own error line right after the body, so the body is cut at its Content-Length.
   */
  static String responseBody(String output) {
    int response = output.indexOf(RESPONSE_MARKER);
    int body = response < 0 ? -1 : output.indexOf("\r\n\r\n", response);
    if (body < 0) {
      return output.strip();
    }
    String headers = output.substring(response, body);
    byte[] rest = output.substring(body + 4).getBytes(StandardCharsets.UTF_8);
    Matcher length = CONTENT_LENGTH.matcher(headers);
    int size =
        length.find() ? Math.min(rest.length, Integer.parseInt(length.group(1))) : rest.length;
    return new String(rest, 0, size, StandardCharsets.UTF_8).strip();
  }
}
