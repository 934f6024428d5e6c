package io.lakesync.service;

import java.util.List;

/**
 * The lakeFS action that sends post-commit and post-merge events to lakesync's webhook bridge.
 * lakeFS reads actions from {@code _lakefs_actions/} on the branch; the shared secret travels in a
 * header filled from the lakeFS server's {@code LAKEFSACTION_LAKESYNC_SECRET} environment variable
 * (lakeFS expands {@code {{ ENV.LAKEFSACTION_* }}} in headers only).
 */
public final class LakeFsActions {
  public static final String BRIDGE_ACTION_PATH = "_lakefs_actions/lakesync-bridge.yaml";
  public static final String SECRET_ENV = "LAKEFSACTION_LAKESYNC_SECRET";

  private LakeFsActions() {}

  public static String bridgeAction(String bridgeBaseUrl, List<String> branches) {
    String list = String.join(", ", branches);
    return "name: lakesync bridge\n"
        + "on:\n"
        + "  post-commit:\n"
        + "    branches: ["
        + list
        + "]\n"
        + "  post-merge:\n"
        + "    branches: ["
        + list
        + "]\n"
        + "hooks:\n"
        + "  - id: lakesync-bridge\n"
        + "    type: webhook\n"
        + "    properties:\n"
        + "      url: "
        + bridgeBaseUrl
        + WebhookBridge.PATH
        + "\n"
        + "      timeout: 30s\n"
        + "      headers:\n"
        + "        X-Lakesync-Secret: \"{{ ENV."
        + SECRET_ENV
        + " }}\"\n";
  }
}
