package io.lakesync.publish;

import io.lakesync.config.TableConfig;
import io.lakesync.failure.Failure;
import io.lakesync.failure.FailureClassifier;
import io.lakesync.failure.FailureKind;
import io.lakesync.failure.RetryBudget;
import io.lakesync.failure.RetryPolicy;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry loop of a publish, for {@code lakesync sync} and {@code lakesync serve} alike. Each
 * failure is classified once ({@link FailureClassifier}) and handled by its kind:
 *
 * <ul>
 *   <li><b>transient</b> (lakeFS or the S3 gateway down, a target branch with uncommitted changes):
 *       retried with backoff for the policy's window. A staging branch that is already committed is
 *       kept and only its merge is retried: the table is never embedded twice;
 *   <li><b>conflict</b> (another writer merged the table first): this attempt's branch is deleted
 *       and the sync is planned again from the commit the source names <em>now</em> and the
 *       target's current table;
 *   <li><b>permanent</b>: the attempt's branch is deleted and the failure is the result;
 *   <li><b>bug</b>: the branch is deleted and the exception is rethrown, to end the process.
 * </ul>
 *
 * A hook's rejection is not a failure but an outcome; its branch is kept for inspection.
 */
public final class PublishRunner {
  /** Names the commit to publish: the branch head now (serve, sync), or a pinned commit. */
  @FunctionalInterface
  public interface SourceCommit {
    String resolve(TableConfig table) throws IOException;
  }

  /**
   * The two steps of a publish and the branch bookkeeping; {@link TablePublisher} in production.
   */
  public interface Steps {
    TablePublisher.Stage stage(TableConfig table, String sourceCommit, boolean afterConflict)
        throws IOException;

    PublishOutcome merge(TablePublisher.StagedSync staged) throws IOException;

    void discard(String repository, String branch);

    void keep(String branch);
  }

  /** Told about every retry, for logs, metrics and the status page. */
  @FunctionalInterface
  public interface RetryListener {
    RetryListener NONE = (table, failure) -> {};

    void retrying(TableConfig table, Failure failure);
  }

  /**
   * How a run ended: an outcome, or the failure that outlasted the policy.
   *
   * @param keptBranch a committed staging branch kept for the next run to merge (a transient
   *     failure, such as a dirty target, outlasted the window)
   */
  public record Result(
      Optional<PublishOutcome> outcome, Optional<Failure> failure, Optional<String> keptBranch) {
    static Result of(PublishOutcome outcome) {
      return new Result(Optional.of(outcome), Optional.empty(), Optional.empty());
    }

    static Result failed(Failure failure, Optional<String> keptBranch) {
      return new Result(Optional.empty(), Optional.of(failure), keptBranch);
    }

    /** The outcome, or the failure as an exception with its one-line reason. */
    public PublishOutcome orThrow() throws IOException {
      if (outcome.isPresent()) {
        return outcome.get();
      }
      Failure f = failure.orElseThrow();
      throw new PublishFailed(f);
    }

    /** A one-line reason for a failed run. */
    public String reason() {
      Failure f = failure.orElseThrow();
      String base =
          f.kind() == FailureKind.CONFLICT
              ? "another sync owns this table (it kept winning the merge): " + f.reason()
              : f.reason();
      return keptBranch
          .map(
              b -> base + "; committed staging branch " + b + " is kept for the next sync to merge")
          .orElse(base);
    }
  }

  /** A run's failure, thrown by {@link Result#orThrow()}: its message is the one-line reason. */
  public static final class PublishFailed extends IOException
      implements io.lakesync.failure.Classified {
    private static final long serialVersionUID = 1L;
    private final transient Failure failure;

    PublishFailed(Failure failure) {
      super(failure.reason(), failure.cause());
      this.failure = failure;
    }

    @Override
    public FailureKind kind() {
      return failure.kind();
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(PublishRunner.class);

  private final Steps publisher;
  private final RetryPolicy policy;
  private final RetryListener listener;

  public PublishRunner(Steps publisher, RetryPolicy policy) {
    this(publisher, policy, RetryListener.NONE);
  }

  public PublishRunner(Steps publisher, RetryPolicy policy, RetryListener listener) {
    this.publisher = publisher;
    this.policy = policy;
    this.listener = listener;
  }

  public Result run(TableConfig table, SourceCommit source) {
    RetryBudget budget = policy.start();
    TablePublisher.StagedSync staged = null;
    boolean afterConflict = false;
    while (true) {
      try {
        if (staged == null) {
          TablePublisher.Stage stage = publisher.stage(table, source.resolve(table), afterConflict);
          if (stage instanceof TablePublisher.Stage.Done done) {
            return Result.of(done.outcome());
          }
          staged = ((TablePublisher.Stage.Ready) stage).staged();
        }
        PublishOutcome outcome = publisher.merge(staged);
        if (outcome.status() == PublishOutcome.Status.REJECTED) {
          publisher.keep(staged.branch());
        }
        return Result.of(outcome);
      } catch (IOException | RuntimeException e) {
        Failure failure = FailureClassifier.classify(e);
        if (failure.kind() == FailureKind.BUG) {
          release(table, staged);
          throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        if (failure.kind() == FailureKind.CONFLICT) {
          release(table, staged);
          staged = null;
          afterConflict = true;
        }
        if (failure.kind() == FailureKind.TRANSIENT || failure.kind() == FailureKind.CONFLICT) {
          listener.retrying(table, failure);
          LOG.warn(
              "{}: {} failure, retrying{}: {}",
              table.name(),
              failure.kind().name().toLowerCase(java.util.Locale.ROOT),
              staged == null ? "" : " the merge of " + staged.branch(),
              failure.reason());
        }
        if (!budget.awaitRetry(failure)) {
          return giveUp(table, staged, failure, budget);
        }
      }
    }
  }

  private Result giveUp(
      TableConfig table, TablePublisher.StagedSync staged, Failure failure, RetryBudget budget) {
    Failure reported =
        failure.kind() == FailureKind.TRANSIENT
            ? new Failure(
                failure.kind(),
                failure.reason() + " (retried for " + budget.transientSeconds() + " s)",
                failure.cause())
            : failure;
    boolean mayComeBack =
        failure.kind() == FailureKind.TRANSIENT || failure.kind() == FailureKind.INTERRUPTED;
    if (staged != null && mayComeBack) {
      // Committed and only the merge is missing (a dirty target for longer than the window): the
      // next sync of the same commit merges this branch instead of embedding again.
      publisher.keep(staged.branch());
      return Result.failed(reported, Optional.of(staged.branch()));
    }
    release(table, staged);
    return Result.failed(reported, Optional.empty());
  }

  private void release(TableConfig table, TablePublisher.StagedSync staged) {
    if (staged != null) {
      publisher.discard(table.repository(), staged.branch());
    }
  }
}
