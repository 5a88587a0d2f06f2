package dev.frontier.transforms.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Creates a network's variables (TF1 {@code VariableV2}, the kind TF Java's exporter saves) once each and
 * hands the same variable out on every later request, so a training branch and an inference branch of
 * one graph share weights.
 *
 * <p>Where the initial values come from is the only thing that differs between training (seeded random
 * initializers), staging trained values ({@link TrainedWeights} as constants) and the exported graph (no
 * initializer at all: values are restored from a checkpoint, so the exported graph holds no weight
 * constants).
 */
final class SharedVariables {
  /** How a fresh variable is initialised for training. */
  enum Init { HE_NORMAL, GLOROT_UNIFORM, ZEROS, ONES }

  /** Makes one variable; {@code index} counts variables in creation order (used to derive seeds). */
  @FunctionalInterface
  interface Factory {
    Variable<TFloat32> create(Ops tf, String name, Shape shape, Init init, int index);
  }

  private final Ops tf;
  private final Factory factory;
  private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
  private final List<Variable<TFloat32>> trainable = new ArrayList<>();

  private SharedVariables(Ops tf, Factory factory) {
    this.tf = tf;
    this.factory = factory;
  }

  /** Random initial values from stateless ops seeded with {@code seed} and the variable's index. */
  static SharedVariables seeded(Ops tf, long seed) {
    return new SharedVariables(tf, (ops, name, shape, init, index) ->
        ops.withName(name).variable(SeededInitializers.value(ops.withInitScope(), shape, init, seed, index)));
  }

  /** Initial values are the given trained values (embedded as constants in the graph's initializers). */
  static SharedVariables fromWeights(Ops tf, TrainedWeights weights) {
    return new SharedVariables(tf, (ops, name, shape, init, index) -> {
      long[] stored = weights.shape(name);
      if (!Arrays.equals(stored, shape.asArray())) {
        throw new IllegalArgumentException("variable '" + name + "': network wants shape " + shape
            + " but the weights have " + Arrays.toString(stored));
      }
      Operand<TFloat32> value = ops.withInitScope().constant(shape, DataBuffers.of(weights.values(name)));
      return ops.withName(name).variable(value);
    });
  }

  /** Variables without initializer: their values must be restored from a checkpoint before use. */
  static SharedVariables restoredLater(Ops tf) {
    return new SharedVariables(tf, (ops, name, shape, init, index) -> ops.withName(name).variable(shape, TFloat32.class));
  }

  /** A variable trained by the optimizer. */
  Variable<TFloat32> trainable(String name, Shape shape, Init init) {
    boolean fresh = !variables.containsKey(name);
    Variable<TFloat32> v = get(name, shape, init);
    if (fresh) {
      trainable.add(v);
    }
    return v;
  }

  /** A variable updated by explicit assignments only (BatchNorm moving statistics). */
  Variable<TFloat32> statistic(String name, Shape shape, Init init) {
    return get(name, shape, init);
  }

  /** Every variable, in creation order, by name. */
  Map<String, Variable<TFloat32>> all() {
    return Collections.unmodifiableMap(variables);
  }

  /** The variables the optimizer updates, in creation order. */
  List<Variable<TFloat32>> trainable() {
    return Collections.unmodifiableList(trainable);
  }

  private Variable<TFloat32> get(String name, Shape shape, Init init) {
    if (name.contains("/")) {
      throw new IllegalArgumentException("variable names must not contain '/': " + name);
    }
    Variable<TFloat32> existing = variables.get(name);
    if (existing != null) {
      if (!existing.shape().equals(shape)) {
        throw new IllegalStateException("variable '" + name + "' requested with shape " + shape
            + " but exists with " + existing.shape());
      }
      return existing;
    }
    Variable<TFloat32> created = factory.create(tf, name, shape, init, variables.size());
    variables.put(name, created);
    return created;
  }
}
