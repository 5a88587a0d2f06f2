package dev.frontier.transforms.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * One configuration of a sweep, applied to one model: an optional pruning method, then a quantization
 * method ({@code float} for none).
 *
 * @param modelId the model it applies to
 * @param pruning the pruning method, or null for none
 * @param quantization the quantization method
 */
public record CandidateSpec(String modelId, MethodEntry pruning, MethodEntry quantization)
    implements Serializable {

  public CandidateSpec {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(quantization, "quantization");
  }

  /**
   * The configuration as a readable label, unique within a model, e.g.
   * {@code int8-weight{granularity=per-channel}+magnitude{sparsity=0.5}}.
   */
  public String config() {
    return pruning == null ? quantization.label() : quantization.label() + "+" + pruning.label();
  }

  /** True for the uncompressed baseline. */
  public boolean isBaseline() {
    return pruning == null && quantization.method().equals(SweepSpec.BASELINE_METHOD);
  }
}
