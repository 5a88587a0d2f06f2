package dev.frontier.transforms.config;

import dev.frontier.transforms.compress.Recovery;
import java.io.Serializable;
import java.util.Objects;

/**
 * One configuration of a sweep, applied to one model: an optional pruning method, then a quantization
 * method ({@code float} for none), then a recovery ({@link Recovery#NONE} for none).
 *
 * @param modelId the model it applies to
 * @param pruning the pruning method, or null for none
 * @param quantization the quantization method
 * @param recovery what wins accuracy back after compression (null means none)
 */
public record CandidateSpec(String modelId, MethodEntry pruning, MethodEntry quantization, Recovery recovery)
    implements Serializable {

  public CandidateSpec {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(quantization, "quantization");
    recovery = recovery == null ? Recovery.NONE : recovery;
  }

  /** A candidate without recovery. */
  public CandidateSpec(String modelId, MethodEntry pruning, MethodEntry quantization) {
    this(modelId, pruning, quantization, Recovery.NONE);
  }

  /**
   * The configuration as a readable label, unique within a model, e.g.
   * {@code int8-weight{granularity=per-channel}+magnitude{sparsity=0.5}+bias-correction} (no suffix without
   * recovery).
   */
  public String config() {
    String steps = pruning == null ? quantization.label() : quantization.label() + "+" + pruning.label();
    return recovery == Recovery.NONE ? steps : steps + "+" + recovery.configName();
  }

  /** True for the uncompressed baseline. */
  public boolean isBaseline() {
    return pruning == null && quantization.method().equals(SweepSpec.BASELINE_METHOD) && recovery == Recovery.NONE;
  }
}
