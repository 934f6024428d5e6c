package io.lakesync.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that needs a Docker engine: skipped with the reason where none answers, failed
 * instead where {@code LAKESYNC_REQUIRE_DOCKER=1} (CI sets it after starting one, so the container
 * tests can never be skipped there by accident).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DockerCondition.class)
public @interface RequiresDocker {}
