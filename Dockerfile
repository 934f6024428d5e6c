# lakesync: one image for `lakesync serve` (and every other command).
#
#   docker build -t lakesync .
#   docker run --rm -e LAKEFS_ENDPOINT=… -e LAKEFS_ACCESS_KEY_ID=… -e LAKEFS_SECRET_ACCESS_KEY=… \
#     -e KAFKA_BOOTSTRAP_SERVERS=… -e LAKESYNC_WEBHOOK_SECRET=… \
#     -v $PWD/config/lakesync.yaml:/etc/lakesync/lakesync.yaml:ro -p 8080:8080 lakesync
#
# Stage 1 builds with the Maven wrapper (the same build CI runs, tests skipped: CI ran them).
FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -q -ntp dependency:go-offline
COPY src/main/ src/main/
RUN ./mvnw -B -q -ntp -o -DskipTests -Dspotless.check.skip=true package

# Stage 2: a JRE on glibc (Lance's native library needs glibc >= 2.28: no Alpine), no build tools.
# The embedding model ships inside the dependency jars in lib/: nothing is downloaded at run time.
FROM eclipse-temurin:17-jre-jammy
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
