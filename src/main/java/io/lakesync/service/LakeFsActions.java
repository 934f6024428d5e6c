package io.lakesync.service;

import io.lakesync.gate.PreMergeHook;
import java.util.List;

/**
 * The lakeFS actions lakesync installs. lakeFS reads actions from {@code _lakefs_actions/} on the
 * branch; the shared secret travels in a header filled from the lakeFS server's {@code
 * LAKEFSACTION_LAKESYNC_SECRET} environment variable (lakeFS expands {@code {{ ENV.LAKEFSACTION_*
 * }}} in headers only).
 */
public final class LakeFsActions {
  public static final String BRIDGE_ACTION_PATH = "_lakefs_actions/lakesync-bridge.yaml";
  public static final String GATE_ACTION_PATH = "_lakefs_actions/lakesync-quality-gate.yaml";
  public static final String SECRET_ENV = "LAKEFSACTION_LAKESYNC_SECRET";

  /**
   * The gate's hook timeout. lakeFS locks the branch while pre-merge hooks run, and lakesync's
   * lakeFS client waits longer than this for a merge (see SdkLakeFs).
   */
  public static final String GATE_TIMEOUT = "60s";

  private LakeFsActions() {}

  /** Post-commit and post-merge events on the source branches go to the webhook bridge. */
  public static String bridgeAction(String baseUrl, List<String> branches) {
    String list = "[" + String.join(", ", branches) + "]";
    return "name: lakesync bridge\n"
        + "on:\n"
        + "  post-commit:\n"
        + "    branches: "
        + list
        + "\n"
        + "  post-merge:\n"
        + "    branches: "
        + list
        + "\n"
        + hook("lakesync-bridge", baseUrl + WebhookBridge.PATH, "30s");
  }

  /**
   * Every merge into the target branches is audited first. lakeFS reads pre-merge actions from the
   * merge <em>source</em>, so this file must be on the branch that staging and feature branches are
   * created from: the target branch itself.
   */
  public static String gateAction(String baseUrl, List<String> branches) {
    return "name: lakesync quality gate\n"
        + "on:\n"
        + "  pre-merge:\n"
        + "    branches: ["
        + String.join(", ", branches)
        + "]\n"
        + hook("lakesync-quality-gate", baseUrl + PreMergeHook.PATH, GATE_TIMEOUT);
  }

  private static String hook(String id, String url, String timeout) {
    return "hooks:\n"
        + "  - id: "
        + id
        + "\n"
        + "    type: webhook\n"
        + "    properties:\n"
        + "      url: "
        + url
        + "\n"
        + "      timeout: "
        + timeout
        + "\n"
        + "      headers:\n"
        + "        X-Lakesync-Secret: \"{{ ENV."
        + SECRET_ENV
        + " }}\"\n";
  }
}
