package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ModelIr;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code float}: the identity, the baseline every candidate is compared with. A quantization "method" so
 * that a pruned-only candidate is simply pruning followed by {@code float}.
 */
public final class FloatBaseline implements CompressionMethod {
  public static final String NAME = "float";

  @Override
  public String name() { return NAME; }

  @Override
  public Kind kind() { return Kind.QUANTIZATION; }

  @Override
  public Set<MethodParameters.Param> acceptedParams() { return EnumSet.noneOf(MethodParameters.Param.class); }

  @Override
  public ModelIr apply(ModelIr ir, MethodParameters params) {
    params.checkFor(this);
    return ir;
  }
}
