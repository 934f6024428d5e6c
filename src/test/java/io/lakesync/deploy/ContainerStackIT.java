package io.lakesync.deploy;

import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.LakesyncImage;
import io.lakesync.testing.RequiresDocker;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The design's Testcontainers path end to end: lakeFS, the Kafka broker and lakesync each in a
 * locally built container, and the same round trip {@link ContainerImageIT} runs against the
 * suite's local processes.
 */
@RequiresDocker
@ExtendWith({LakesyncImage.class, ArrowExtension.class})
class ContainerStackIT {
  @Test
  void lakesyncSyncsACommitWithLakeFsAndKafkaInContainersToo(
      LakesyncImage.Image image, BufferAllocator allocator) throws Exception {
    Path dir = PodRoundTrip.workDir();
    try (ContainerStack stack = ContainerStack.start(dir);
        LakeFsTestRepository repo =
            LakeFsTestRepository.create(stack.lakeFs(), "container-stack")) {
      PodRoundTrip.Result result =
          PodRoundTrip.run(image.name(), repo, stack.bootstrapServers(), allocator, dir);
      System.err.println("lakesync: all-container round trip " + result);
    }
  }
}
