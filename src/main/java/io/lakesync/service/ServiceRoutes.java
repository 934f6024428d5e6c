package io.lakesync.service;

import com.sun.net.httpserver.HttpHandler;
import io.lakesync.config.Secret;
import io.lakesync.config.TableConfig;
import io.lakesync.gate.PreMergeHook;
import io.lakesync.gate.QualityGate;
import io.lakesync.http.CallerAuth;
import io.lakesync.http.Readiness;
import io.lakesync.http.SharedSecret;
import io.lakesync.http.StatusPage;
import io.lakesync.search.CallerSearch;
import io.lakesync.search.ObjectReader;
import io.lakesync.search.QueryImages;
import io.lakesync.search.SearchEndpoint;
import io.lakesync.search.SearchPage;
import io.lakesync.search.TableSearch;
import io.lakesync.search.ThumbnailEndpoint;
import io.lakesync.sync.ImageIndexing;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The routes of the service's HTTP server besides liveness and metrics (which {@link
 * io.lakesync.http.HttpEndpoints} adds itself): what lakeFS calls, behind the shared secret (the
 * webhook bridge and the pre-merge quality gate), and what people and probes read (the status page
 * and search, as the caller's lakeFS user; readiness).
 */
final class ServiceRoutes {
  private ServiceRoutes() {}

  /**
   * @param lostEvent told when the bridge could not store an event (the reconciler heals it)
   * @param streams the service is ready only while this client runs
   * @param images the image models the sync uses, for image search and the gate's image checks;
   *     null when images are skipped
   */
  static Map<String, HttpHandler> of(
      List<TableConfig> tables,
      LakeFsSide lakeFs,
      ImageIndexing images,
      ServiceReports reports,
      Secret webhookSecret,
      String version,
      Producer<byte[], byte[]> producer,
      String inputTopic,
      Runnable lostEvent,
      KafkaStreams streams) {
    SharedSecret secret = new SharedSecret(webhookSecret);
    QualityGate gate =
        new QualityGate(lakeFs.lakeFs(), lakeFs.s3(), lakeFs.tables(), lakeFs.models(), images);
    // One for both pages: it caches who a caller is.
    CallerAuth callers = new CallerAuth(lakeFs.settings(), reports.metrics()::lakeFsError);
    // Reads as the caller: their key pair opens the table, so lakeFS decides what they may read.
    // Query images are read as the caller too; without image models, image search says so (409).
    CallerSearch search =
        new CallerSearch(
            tables,
            callers,
            caller -> {
              TableSearch text =
                  new TableSearch(
                      caller.lakeFs(), lakeFs.tables().as(caller.settings()), lakeFs.models());
              return images == null
                  ? text
                  : text.withImages(
                      new QueryImages(images, ObjectReader.gateway(caller.settings())));
            });
    return Map.of(
        WebhookBridge.PATH,
        new WebhookBridge(producer, inputTopic, secret, KafkaClients.PRODUCER_SETTLES, lostEvent),
        PreMergeHook.PATH,
        new PreMergeHook(
            tables, PreMergeHook.auditor(gate), secret, reports.metrics(), reports.board()),
        "/",
        new StatusPage(
            reports.board(),
            version,
            callers,
            tables.stream().collect(Collectors.toMap(TableConfig::name, TableConfig::repository))),
        SearchEndpoint.PATH,
        new SearchEndpoint(search),
        SearchPage.PATH,
        new SearchPage(search),
        ThumbnailEndpoint.PATH,
        new ThumbnailEndpoint(search),
        Readiness.PATH,
        new Readiness(
            () -> streams.state() == KafkaStreams.State.RUNNING, lakeFs.lakeFs()::reachable));
  }
}
