package io.lakesync.publish;

import io.lakesync.failure.Classified;
import io.lakesync.failure.FailureKind;
import java.io.IOException;

/** Another run changed the table or took the staging branch first: plan again. */
public final class PublishConflict extends IOException implements Classified {
  private static final long serialVersionUID = 1L;

  public PublishConflict(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.CONFLICT;
  }
}
