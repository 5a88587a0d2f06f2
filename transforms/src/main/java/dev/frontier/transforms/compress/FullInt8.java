package dev.frontier.transforms.compress;

import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.model.ModelIr;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code int8}: full-integer quantization as the TFLite int8 spec defines it, from calibrated activation
 * ranges. Weights symmetric int8 per tensor or per output channel ({@code granularity}, default
 * per-channel), activations asymmetric with a zero-point from the calibrated range widened to include 0
 * and nudged as TF's FakeQuant nudges it ({@value FullInt8Kernels#ACTIVATION_BITS}-bit levels, what the
 * integer kernels run exactly), int32 bias with scale {@code s_in · s_w}. {@code skipLayers} keeps named
 * layers in float (e.g. the most sensitive ones).
 *
 * <p>One plan ({@link Int8Plan}) yields both graphs of the {@link CompressedCandidate}: the evaluated one
 * is {@link FullInt8Simulated} (accuracy), the shipped one {@link FullInt8Kernels} (size, latency); the
 * candidate's {@code floatLayers} are the layers without an exact integer mapping plus the skipped ones.
 */
public final class FullInt8 implements CalibratedCompressionMethod {
  public static final String NAME = "int8";

  @Override
  public String name() { return NAME; }

  @Override
  public Kind kind() { return Kind.QUANTIZATION; }

  @Override
  public Set<MethodParameters.Param> acceptedParams() {
    return EnumSet.of(MethodParameters.Param.GRANULARITY, MethodParameters.Param.SKIP_LAYERS);
  }

  @Override
  public CompressedCandidate apply(ModelIr ir, MethodParameters params, ActivationRanges ranges) {
    params.checkFor(this);
    if (ranges == null) {
      throw new IllegalArgumentException(NAME + ": model '" + ir.modelId() + "' needs calibrated activation ranges, got none");
    }
    Int8Plan plan = Int8Plan.of(ir, ranges, params.granularity(), FullInt8Kernels.ACTIVATION_BITS, params.skipLayers());
    ModelIr shipped = FullInt8Kernels.build(ir, plan).ir();
    return new CompressedCandidate(FullInt8Simulated.simulate(ir, plan), shipped,
        List.copyOf(plan.floatLayers().keySet()));
  }

  /**
   * The tensors calibration must measure for {@code ir}: input 0 of every compressible layer, named
   * {@code node:index}, the form {@link ActivationRanges} keys are looked up in.
   */
  public static List<String> activationTensors(ModelIr ir) {
    return Int8Plan.activationTensors(ir);
  }
}
