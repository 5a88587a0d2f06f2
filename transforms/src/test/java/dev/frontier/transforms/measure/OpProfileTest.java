package dev.frontier.transforms.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.SharedFixtures;
import org.junit.jupiter.api.Test;

/**
 * The per-op profile of a real SavedModel (mnist-mlp-csdai0324, two Dense layers): TF's step statistics name the
 * kernels that ran, so the two layers show up as two MatMul kernels (fused with their bias and activation or
 * not) and the table accounts for all the kernel time.
 */
class OpProfileTest {

  @Test
  void theMlpsTwoDenseLayersAreTwoMatMulKernels() {
    OpProfile profile = OpProfile.ofSavedModel(SharedFixtures.model(SharedFixtures.MNIST_MLP), "serving_default", 32,
        2, 5);
    int matMuls = profile.ops().stream().filter(o -> o.op().contains("MatMul")).mapToInt(OpProfile.OpTime::nodes).sum();
    assertEquals(2, matMuls, profile.table());
    assertTrue(profile.totalMicrosPerRun() > 0, profile.table());
    assertEquals(profile.totalMicrosPerRun(),
        profile.ops().stream().mapToDouble(OpProfile.OpTime::microsPerRun).sum(), 1e-9);
    assertTrue(profile.table().contains("| **all** |"), profile.table());
    // the node breakdown adds up to the same kernel time, and its two MatMul kernels are two nodes
    assertEquals(profile.totalMicrosPerRun(),
        profile.nodes().stream().mapToDouble(OpProfile.NodeTime::microsPerRun).sum(), 1e-6);
    assertEquals(2, profile.nodes().stream().filter(n -> n.op().contains("MatMul")).count(), profile.nodeTable(50));
    assertEquals(3, profile.nodeTable(1).lines().count(), "header, rule and the slowest node");
  }

  @Test
  void anUnknownSignatureIsNamedWithTheOnesThereAre() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpProfile.ofSavedModel(
        SharedFixtures.model(SharedFixtures.MNIST_MLP), "predict", 1, 0, 1));
    assertTrue(e.getMessage().contains("no signature 'predict' (signatures: [") && e.getMessage().contains(
        "serving_default"), e.getMessage());
  }
}
