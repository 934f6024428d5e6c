package io.lakesync.lakefs;

import io.lakefs.clients.sdk.ActionsApi;
import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.AuthApi;
import io.lakefs.clients.sdk.BranchesApi;
import io.lakefs.clients.sdk.CommitsApi;
import io.lakefs.clients.sdk.ObjectsApi;
import io.lakefs.clients.sdk.RefsApi;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.model.BranchCreation;
import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.DiffList;
import io.lakefs.clients.sdk.model.Merge;
import io.lakefs.clients.sdk.model.ObjectStatsList;
import io.lakefs.clients.sdk.model.RefList;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.sync.ObjectChange;
import io.lakesync.sync.SourceObject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * {@link LakeFs} over the lakeFS Java SDK: one HTTP client and one set of credentials for every API
 * group. Every SDK call goes through {@link #call}, the one place where the SDK's exception becomes
 * a {@link LakeFsFailure} and is reported to the {@link LakeFsErrors} listener.
 *
 * <p>The read timeout is long on purpose: a merge request waits for every pre-merge hook to run,
 * and a client that gives up first aborts the merge, so it must outlast the slowest hook.
 */
public final class SdkLakeFs implements LakeFs {
  /** Above lakeFS's default hook timeout (1 min) with room for several hooks in a row. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(5);

  /** No status is an answer: every failure is counted. */
  private static final IntPredicate NO_ANSWER = status -> false;

  /** How lakeFS says "not for you" or "not there" to a question about a repository. */
  private static final IntPredicate REFUSED_OR_ABSENT =
      status -> status == 401 || status == 403 || status == 404;

  private static final IntPredicate REFUSED = status -> status == 401 || status == 403;

  /** One SDK request, sent. */
  @FunctionalInterface
  private interface SdkCall<T> {
    T execute() throws ApiException;
  }

  private final LakeFsErrors errors;
  private final RepositoriesApi repositories;
  private final BranchesApi branches;
  private final CommitsApi commits;
  private final ObjectsApi objects;
  private final RefsApi refs;
  private final ActionsApi actions;
  private final AuthApi auth;

  private SdkLakeFs(ApiClient client, LakeFsErrors errors) {
    this.errors = errors;
    this.repositories = new RepositoriesApi(client);
    this.branches = new BranchesApi(client);
    this.commits = new CommitsApi(client);
    this.objects = new ObjectsApi(client);
    this.refs = new RefsApi(client);
    this.actions = new ActionsApi(client);
    this.auth = new AuthApi(client);
  }

  /** A client with the {@link #DEFAULT_READ_TIMEOUT}. Connects lazily: nothing is sent yet. */
  public static SdkLakeFs connect(LakeFsSettings settings, LakeFsErrors errors) {
    return connect(settings, DEFAULT_READ_TIMEOUT, errors);
  }

  public static SdkLakeFs connect(
      LakeFsSettings settings, Duration readTimeout, LakeFsErrors errors) {
    ApiClient client = new ApiClient();
    client.setBasePath(settings.apiBasePath());
    client.setUsername(settings.accessKeyId());
    client.setPassword(settings.secretAccessKey().reveal());
    client.setConnectTimeout(10_000);
    client.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
    client.setWriteTimeout(60_000);
    return new SdkLakeFs(client, errors);
  }

  @Override
  public String branchHead(String repository, String branch) throws IOException {
    return call(
        "read branch " + repository + "/" + branch,
        () -> branches.getBranch(repository, branch).execute().getCommitId());
  }

  @Override
  public Optional<LakeFsCommit> findCommit(String repository, String ref) throws IOException {
    try {
      return Optional.of(
          SdkModels.commit(
              call(
                  "resolve " + repository + "@" + ref,
                  () -> commits.getCommit(repository, ref).execute())));
    } catch (LakeFsFailure failure) {
      if (failure.notFound() || failure.status() == 400) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  @Override
  public LakeFsCommit readCommit(String repository, String commitId) throws IOException {
    return SdkModels.commit(
        call("read commit " + commitId, () -> commits.getCommit(repository, commitId).execute()));
  }

  @Override
  public List<LakeFsCommit> log(
      String repository, String ref, Optional<String> stopAt, String prefix, int amount)
      throws IOException {
    var request = refs.logCommits(repository, ref).amount(amount).firstParent(false);
    stopAt.ifPresent(request::stopAt);
    if (!prefix.isEmpty()) {
      request.prefixes(List.of(prefix));
    }
    return call("log " + repository + "@" + ref, request::execute).getResults().stream()
        .map(SdkModels::commit)
        .toList();
  }

  @Override
  public List<LakeFsCommit> pathLog(String repository, String ref, String path, int amount)
      throws IOException {
    return call(
            "log " + path + " up to " + ref,
            () -> refs.logCommits(repository, ref).objects(List.of(path)).amount(amount).execute())
        .getResults()
        .stream()
        .map(SdkModels::commit)
        .toList();
  }

  @Override
  public void forEachChange(
      String repository, String from, String to, String prefix, Consumer<ObjectChange> sink)
      throws IOException {
    String operation = "diff " + repository + " " + from + ".." + to;
    Pages.each(
        after ->
            call(
                operation,
                () ->
                    refs.diffRefs(repository, from, to)
                        .type("two_dot")
                        .prefix(prefix)
                        .amount(Pages.SIZE)
                        .after(after)
                        .execute()),
        DiffList::getResults,
        DiffList::getPagination,
        diff -> {
          if (SdkModels.isObject(diff)) {
            sink.accept(SdkModels.change(diff));
          }
        });
  }

  @Override
  public List<SourceObject> listObjects(String repository, String ref, String prefix)
      throws IOException {
    String operation = "list " + repository + "@" + ref + "/" + prefix;
    List<SourceObject> all = new ArrayList<>();
    Pages.each(
        after ->
            call(
                operation,
                () ->
                    objects
                        .listObjects(repository, ref)
                        .prefix(prefix)
                        .amount(Pages.SIZE)
                        .after(after)
                        .execute()),
        ObjectStatsList::getResults,
        ObjectStatsList::getPagination,
        stats -> {
          if (SdkModels.isObject(stats)) {
            all.add(SdkModels.object(stats));
          }
        });
    return all;
  }

  @Override
  public SourceObject statObject(String repository, String ref, String path) throws IOException {
    return SdkModels.object(
        call(
            "stat " + repository + "@" + ref + "/" + path,
            () -> objects.statObject(repository, ref, path).execute()));
  }

  @Override
  public List<BranchRef> listBranches(String repository, String prefix) throws IOException {
    String operation = "list branches " + prefix + "* in " + repository;
    List<BranchRef> all = new ArrayList<>();
    Pages.each(
        after ->
            call(
                operation,
                () ->
                    branches
                        .listBranches(repository)
                        .prefix(prefix)
                        .after(after)
                        .amount(Pages.SIZE)
                        .execute()),
        RefList::getResults,
        RefList::getPagination,
        ref -> all.add(SdkModels.branch(ref)));
    return all;
  }

  @Override
  public void createBranch(String repository, String name, String source) throws IOException {
    call(
        "create branch " + name + " from " + source,
        () ->
            branches
                .createBranch(repository, new BranchCreation().name(name).source(source))
                .execute());
  }

  @Override
  public boolean deleteBranch(String repository, String branch) throws IOException {
    try {
      call(
          "delete branch " + branch,
          () -> {
            branches.deleteBranch(repository, branch).execute();
            return null;
          });
      return true;
    } catch (LakeFsFailure failure) {
      if (failure.notFound()) {
        return false;
      }
      throw failure;
    }
  }

  @Override
  public LakeFsCommit commit(
      String repository,
      String branch,
      String message,
      Map<String, String> metadata,
      boolean allowEmpty)
      throws IOException {
    return SdkModels.commit(
        call(
            "commit " + repository + "/" + branch,
            () ->
                commits
                    .commit(
                        repository,
                        branch,
                        new CommitCreation()
                            .message(message)
                            .metadata(metadata)
                            .allowEmpty(allowEmpty))
                    .execute()));
  }

  @Override
  public MergeResult merge(
      String repository,
      String source,
      String destination,
      String message,
      Map<String, String> metadata)
      throws IOException {
    try {
      String merged =
          call(
              "merge " + source + " into " + destination,
              () ->
                  refs.mergeIntoBranch(repository, source, destination)
                      .merge(new Merge().message(message).metadata(metadata))
                      .execute()
                      .getReference());
      return new MergeResult.Merged(merged);
    } catch (LakeFsFailure failure) {
      return MergeRefusals.outcome(failure);
    }
  }

  @Override
  public List<ActionRun> actionRuns(String repository, String branch, int amount)
      throws IOException {
    return call(
            "list action runs on " + repository + "/" + branch,
            () -> actions.listRepositoryRuns(repository).branch(branch).amount(amount).execute())
        .getResults()
        .stream()
        .map(SdkModels::run)
        .toList();
  }

  @Override
  public List<HookRun> hookRuns(String repository, String runId) throws IOException {
    return call(
            "list hooks of run " + runId, () -> actions.listRunHooks(repository, runId).execute())
        .getResults()
        .stream()
        .map(SdkModels::hook)
        .toList();
  }

  @Override
  public String hookOutput(String repository, String runId, String hookRunId) throws IOException {
    // The SDK downloads the output into a temporary file of its own: read it, then remove it.
    File output =
        call(
            "read the output of hook run " + hookRunId,
            () -> actions.getRunHookOutput(repository, runId, hookRunId).execute());
    try {
      return Files.readString(output.toPath(), StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(output.toPath());
    }
  }

  @Override
  public boolean canRead(String repository) throws IOException {
    return answersYes(
        "read repository " + repository,
        REFUSED_OR_ABSENT,
        () -> repositories.getRepository(repository).execute());
  }

  @Override
  public boolean credentialsValid() throws IOException {
    return answersYes("check credentials", REFUSED, () -> auth.getCurrentUser().execute());
  }

  @Override
  public boolean reachable() {
    try {
      // Any status at all is lakeFS answering; an unreachable lakeFS is what readiness reports,
      // so it is not counted as a failed call either.
      call(
          "list repositories",
          status -> true,
          () -> repositories.listRepositories().amount(1).execute());
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** A yes/no question lakeFS answers with success, or with one of the {@code no} statuses. */
  private boolean answersYes(String operation, IntPredicate no, SdkCall<?> question)
      throws LakeFsFailure {
    try {
      call(operation, no, question);
      return true;
    } catch (LakeFsFailure failure) {
      if (no.test(failure.status())) {
        return false;
      }
      throw failure;
    }
  }

  private <T> T call(String operation, SdkCall<T> call) throws LakeFsFailure {
    return call(operation, NO_ANSWER, call);
  }

  /**
   * Sends one SDK request: the one place where the SDK's exception becomes a {@link LakeFsFailure}
   * and is counted. A status in {@code answers} is lakeFS answering the question asked (this caller
   * may not read that repository), not a failed call: it is thrown for the caller to read, but not
   * counted, so alerts on 401/403 mean lakesync's own credentials.
   */
  private <T> T call(String operation, IntPredicate answers, SdkCall<T> call) throws LakeFsFailure {
    try {
      return call.execute();
    } catch (ApiException e) {
      if (!answers.test(e.getCode())) {
        errors.failed(e.getCode());
      }
      throw LakeFsFailure.of(operation, e);
    }
  }
}
