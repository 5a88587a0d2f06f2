package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ModelIr;
import java.io.Serializable;
import java.util.Objects;

/**
 * One step of a candidate: a registered method and its parameters, e.g. {@code magnitude{sparsity=0.5}}.
 * Checked when built (the method exists, it accepts every given parameter, values are in range), so a bad
 * sweep fails before any model is loaded.
 *
 * @param methodName a name from {@link CompressionRegistry#names()}
 * @param params the method's parameters ({@link MethodParameters#NONE} for defaults)
 */
public record ConfiguredMethod(String methodName, MethodParameters params) implements Serializable {

  public ConfiguredMethod {
    Objects.requireNonNull(methodName, "methodName");
    params = params == null ? MethodParameters.NONE : params;
    params.checkFor(CompressionRegistry.get(methodName));
  }

  /** The method with default parameters. */
  public static ConfiguredMethod of(String methodName) {
    return new ConfiguredMethod(methodName, MethodParameters.NONE);
  }

  public static ConfiguredMethod of(String methodName, MethodParameters params) {
    return new ConfiguredMethod(methodName, params);
  }

  public CompressionMethod method() {
    return CompressionRegistry.get(methodName);
  }

  /** Applies this step to {@code ir}. */
  public ModelIr applyTo(ModelIr ir) {
    return method().apply(ir, params);
  }

  /** {@code int8-weight{granularity=per-tensor}}, or just the name when no parameter is given. */
  @Override
  public String toString() {
    return params.given().isEmpty() ? methodName : methodName + params;
  }
}
