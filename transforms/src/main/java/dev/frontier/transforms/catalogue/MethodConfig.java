package dev.frontier.transforms.catalogue;

import dev.frontier.transforms.compress.CompressionStep;
import dev.frontier.transforms.compress.MethodParams;
import java.io.Serializable;
import java.util.Objects;

/**
 * A compression method as a sweep names it: a method name and its parameters, not yet checked against the
 * registry. The check happens when the candidate is built ({@link #toStep()}), so a sweep that names an
 * unknown method still runs every other candidate and records the bad one as a failure.
 *
 * @param method the registry name, e.g. {@code int8-weight}
 * @param params typed parameters (keys and value ranges already checked)
 */
public record MethodConfig(String method, MethodParams params) implements Serializable {

  public MethodConfig {
    Objects.requireNonNull(method, "method");
    params = params == null ? MethodParams.NONE : params;
  }

  /** The registered step; fails with a message naming the method when it is unknown or misconfigured. */
  public CompressionStep toStep() {
    return new CompressionStep(method, params);
  }

  /** {@code int8-weight{granularity=per-tensor}}, or just the name when no parameter is given. */
  public String label() {
    return params.given().isEmpty() ? method : method + params;
  }
}
