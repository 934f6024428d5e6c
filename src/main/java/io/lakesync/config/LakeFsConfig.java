package io.lakesync.config;

import java.nio.file.Path;

/**
 * The optional {@code lakefs:} section as written in the file: what the user configured. {@link
 * LakeFsSettings} is what lakesync connects with, resolved from this section and the environment.
 * Secrets are never written in the file: the secret key comes from {@code secret_access_key_file}
 * (a mounted Kubernetes secret) or the environment.
 */
public record LakeFsConfig(String endpoint, String accessKeyId, Path secretAccessKeyFile) {}
