package io.lakesync.config;

import java.nio.file.Path;

/**
 * The optional {@code lakefs:} section. Secrets are never written in the file: the secret key comes
 * from {@code secret_access_key_file} (a mounted Kubernetes secret) or the environment.
 */
public record LakeFsConfig(String endpoint, String accessKeyId, Path secretAccessKeyFile) {}
