package io.lakesync.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HookRunReportsTest {
  @Test
  void theResponseBodyIsCutOutOfLakeFsWebhookDump() {
    String output =
        "Request:\nPOST http://gate/hooks/pre-merge\nHeaders:\nX-Lakesync-Secret: *******\n"
            + "Request Body:\n{}\n\n\nRequest duration: 5ms\n\nResponse:\n"
            + "HTTP/1.1 412 Precondition Failed\r\nContent-Length: 22\r\n\r\n"
            + "coverage 42% → < 99%"
            + "Error: action failed: webhook request failed (status code: 412)\n";

    assertThat(HookRunReports.responseBody(output)).isEqualTo("coverage 42% → < 99%");
  }

  @Test
  void withoutAResponseTheWholeOutputIsKept() {
    assertThat(HookRunReports.responseBody("Error: connection refused\n"))
        .isEqualTo("Error: connection refused");
  }
}
