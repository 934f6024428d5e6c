package io.lakesync.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The GPU is used when it can be and never required; CPU is what the stock build runs on. */
class EmbeddingDeviceTest {
  @Test
  void autoTakesAUsableGpuAndOtherwiseTheCpu() {
    assertThat(EmbeddingDevice.choose(null, true, 1)).isEqualTo(EmbeddingDevice.GPU);
    assertThat(EmbeddingDevice.choose("auto", true, 0)).isEqualTo(EmbeddingDevice.CPU);
    assertThat(EmbeddingDevice.choose("", false, 4))
        .as("a CPU-only ONNX Runtime cannot use the machine's GPUs")
        .isEqualTo(EmbeddingDevice.CPU);
    assertThat(EmbeddingDevice.choose("cpu", true, 1)).isEqualTo(EmbeddingDevice.CPU);
  }

  @Test
  void askingForAGpuThatCannotBeUsedSaysWhy() {
    assertThatThrownBy(() -> EmbeddingDevice.choose("gpu", false, 1))
        .hasMessageContaining("no CUDA support (use the GPU image)");
    assertThatThrownBy(() -> EmbeddingDevice.choose("GPU", true, 0))
        .hasMessageContaining("no CUDA device is visible");
    assertThat(EmbeddingDevice.choose("GPU", true, 2)).isEqualTo(EmbeddingDevice.GPU);
    assertThatThrownBy(() -> EmbeddingDevice.choose("tpu", true, 2))
        .hasMessageContaining("must be auto, cpu or gpu: 'tpu'");
  }

  @Test
  void thisBuildRunsOnTheCpu() {
    // The stock build ships ONNX Runtime's CPU library: no GPU is ever picked by default.
    assertThat(EmbeddingDevice.selected()).isEqualTo(EmbeddingDevice.CPU);
  }
}
