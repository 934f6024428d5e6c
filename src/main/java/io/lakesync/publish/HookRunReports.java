package io.lakesync.publish;

import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.model.ActionRun;
import io.lakefs.clients.sdk.model.HookRun;
import io.lakesync.lakefs.LakeFsApi;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.OffsetDateTime;
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

  private HookRunReports() {}

  /**
   * Response bodies of the failed hooks of the latest failed pre-merge run on {@code branch} that
   * started at or after {@code since}; empty when there is none (or it cannot be read).
   */
  static Optional<String> latestFailedPreMerge(
      LakeFsApi api, String repository, String branch, OffsetDateTime since) {
    try {
      // lakeFS does not list runs newest first: pick the latest by start time.
      Optional<ActionRun> latest =
          api
              .actions()
              .listRepositoryRuns(repository)
              .branch(branch)
              .amount(100)
              .execute()
              .getResults()
              .stream()
              .filter(r -> "pre-merge".equals(r.getEventType()))
              .filter(r -> r.getStatus() == ActionRun.StatusEnum.FAILED)
              .filter(r -> !r.getStartTime().isBefore(since))
              .max(
                  Comparator.comparing(ActionRun::getStartTime).thenComparing(ActionRun::getRunId));
      return latest.isEmpty()
          ? Optional.empty()
          : Optional.of(failedOutputs(api, repository, latest.get().getRunId()));
    } catch (ApiException | IOException e) {
      return Optional.empty();
    }
  }

  private static String failedOutputs(LakeFsApi api, String repository, String runId)
      throws ApiException, IOException {
    List<String> bodies = new ArrayList<>();
    for (HookRun hook : api.actions().listRunHooks(repository, runId).execute().getResults()) {
      if (hook.getStatus() != HookRun.StatusEnum.FAILED) {
        continue;
      }
      File output =
          api.actions().getRunHookOutput(repository, runId, hook.getHookRunId()).execute();
      try {
        bodies.add(
            hook.getHookId()
                + ": "
                + responseBody(Files.readString(output.toPath(), StandardCharsets.UTF_8)));
      } finally {
        Files.deleteIfExists(output.toPath());
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
