package io.lakesync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The package layering the README's layout table documents, checked on the main classes. Each layer
 * may use the layers below it and its own, never one above; packages of one layer may use each
 * other, and the cycle rule keeps those uses one-way.
 *
 * <ol>
 *   <li>base: small packages that need nothing of lakesync beyond each other
 *   <li>model: the embedding model
 *   <li>core: the sync engine, its ports ({@code ObjectSource}, {@code VectorStore}) and their
 *       value types
 *   <li>adapters: lakeFS, Lance tables and the HTTP server, which implement or serve the core
 *   <li>features: publishing, the quality gate and search, built on the adapters
 *   <li>runtime: lag observation and the Kafka Streams topology
 *   <li>entry points: the serve wiring and the CLI
 * </ol>
 */
@AnalyzeClasses(packages = "io.lakesync", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  private record Layer(String name, List<String> packages) {}

  private static final List<Layer> LAYERS =
      List.of(
          new Layer(
              "base",
              List.of(
                  "util", "scope", "config", "failure", "event", "extract", "chunk", "debug", "pii",
                  "status", "metrics")),
          new Layer("model", List.of("embed")),
          new Layer("core", List.of("sync")),
          new Layer("adapters", List.of("lakefs", "table", "http")),
          new Layer("features", List.of("publish", "shard", "gate", "search")),
          new Layer("runtime", List.of("observe", "stream")),
          new Layer("entry points", List.of("service", "app")));

  @ArchTest
  static final ArchRule NO_PACKAGE_CYCLES =
      slices()
          .matching("io.lakesync.(*)..")
          .namingSlices("io.lakesync.$1")
          .should()
          .beFreeOfCycles()
          .as("lakesync packages depend on each other without cycles");

  @ArchTest
  static final ArchRule EVERY_PACKAGE_HAS_A_LAYER =
      classes()
          .should()
          .resideInAnyPackage(packagesOf(LAYERS))
          .as("every lakesync package belongs to a layer of the README's layout table");

  @ArchTest static final ArchRule BASE = layerRule(0);
  @ArchTest static final ArchRule MODEL = layerRule(1);
  @ArchTest static final ArchRule CORE = layerRule(2);
  @ArchTest static final ArchRule ADAPTERS = layerRule(3);
  @ArchTest static final ArchRule FEATURES = layerRule(4);
  @ArchTest static final ArchRule RUNTIME = layerRule(5);

  /**
   * The lakeFS SDK stays behind the {@code LakeFs} port: its API groups, models and exceptions are
   * used in {@code io.lakesync.lakefs} only, so an SDK upgrade or another client touches one
   * package, and every other class sees lakesync's own types and {@code LakeFsFailure}.
   */
  @ArchTest
  static final ArchRule LAKEFS_SDK_STAYS_IN_THE_ADAPTER =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.lakesync.lakefs..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.lakefs.clients..")
          .as("only io.lakesync.lakefs uses the lakeFS SDK (io.lakefs.clients..)");

  /** Nothing may use the entry points, so the top layer has no rule of its own. */
  private static ArchRule layerRule(int index) {
    Layer layer = LAYERS.get(index);
    List<Layer> above = LAYERS.subList(index + 1, LAYERS.size());
    return noClasses()
        .that()
        .resideInAnyPackage(packagesOf(List.of(layer)))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packagesOf(above))
        .as(
            "the "
                + layer.name()
                + " layer "
                + layer.packages()
                + " uses only the layers below it, never "
                + above.stream().map(l -> l.name() + " " + l.packages()).toList());
  }

  private static String[] packagesOf(List<Layer> layers) {
    return layers.stream()
        .flatMap(l -> l.packages().stream())
        .map(p -> "io.lakesync." + p + "..")
        .toArray(String[]::new);
  }
}
