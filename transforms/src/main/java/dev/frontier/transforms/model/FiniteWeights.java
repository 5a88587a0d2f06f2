package dev.frontier.transforms.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;

/**
 * Refuses a model whose variables hold NaN or ±Inf.
 *
 * <p>Why: such weights come from a diverged training run or a damaged checkpoint. TF runs them without
 * complaint, every compression method turns them into something (a NaN scale, a clamped int8), and the
 * sweep would measure and rank candidates whose outputs mean nothing. Refusing at import names the
 * variable, so the failure record points at the cause instead of at an accuracy of 0.
 *
 * <p>Checked: the restored values of the variables the signature reads (float, double, half and bfloat16;
 * other types cannot hold NaN), exactly what freezing turned into Consts.
 */
final class FiniteWeights {
  private FiniteWeights() {}

  /** How many of a tensor's values are NaN and how many ±Inf, and the flat index of the first of either. */
  record Count(long nan, long infinite, long values, long firstIndex) {
    boolean allFinite() {
      return nan == 0 && infinite == 0;
    }
  }

  /**
   * @throws ModelImportException naming the model and, for each variable holding NaN or ±Inf, how many of
   *     its values are NaN and how many infinite
   */
  static void check(String modelId, Map<String, TensorProto> variables) {
    List<String> bad = new ArrayList<>();
    for (Map.Entry<String, TensorProto> v : variables.entrySet()) {
      Count c = count(v.getValue());
      if (!c.allFinite()) {
        bad.add("variable '" + v.getKey() + "' holds " + c.nan() + " NaN and " + c.infinite() + " ±Inf among its "
            + c.values() + " values (the first at flat index " + c.firstIndex() + ")");
      }
    }
    if (!bad.isEmpty()) {
      throw ModelImportException.of(modelId, String.join("; ", bad) + ": refusing a model whose weights are not "
          + "finite numbers (a diverged training run or a damaged checkpoint)");
    }
  }

  /** NaN and ±Inf among the values of a float, double, half or bfloat16 tensor; none for other types. */
  static Count count(TensorProto t) {
    int n = Math.toIntExact(ConstTensors.elementCount(ConstTensors.shape(t)));
    ByteBuffer packed = t.getTensorContent().isEmpty() ? null
        : t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    Counter c = new Counter();
    switch (t.getDtype()) {
      case DT_FLOAT:
        for (int i = 0; i < n; i++) {
          float v = packed != null ? packed.getFloat(i * Float.BYTES) : repeated(t.getFloatValList(), i, 0f);
          c.add(i, Float.isNaN(v), Float.isInfinite(v));
        }
        break;
      case DT_DOUBLE:
        for (int i = 0; i < n; i++) {
          double v = packed != null ? packed.getDouble(i * Double.BYTES) : repeated(t.getDoubleValList(), i, 0d);
          c.add(i, Double.isNaN(v), Double.isInfinite(v));
        }
        break;
      case DT_HALF:
      case DT_BFLOAT16:
        // All exponent bits set: infinite when the mantissa is 0, NaN otherwise.
        int exponent = t.getDtype() == DataType.DT_HALF ? 0x7c00 : 0x7f80;
        int mantissa = t.getDtype() == DataType.DT_HALF ? 0x03ff : 0x007f;
        for (int i = 0; i < n; i++) {
          int bits = packed != null ? packed.getShort(i * Short.BYTES) & 0xffff : repeated(t.getHalfValList(), i, 0);
          boolean special = (bits & exponent) == exponent;
          c.add(i, special && (bits & mantissa) != 0, special && (bits & mantissa) == 0);
        }
        break;
      default:
        break;
    }
    return new Count(c.nan, c.infinite, n, c.first);
  }

  private static final class Counter {
    long nan;
    long infinite;
    long first = -1;

    void add(int index, boolean isNan, boolean isInfinite) {
      if (isNan || isInfinite) {
        nan += isNan ? 1 : 0;
        infinite += isInfinite ? 1 : 0;
        first = first < 0 ? index : first;
      }
    }
  }

  /** TF's short form: a value list shorter than the tensor repeats its last value; empty means zeros. */
  private static <T> T repeated(List<T> values, int i, T zero) {
    return values.isEmpty() ? zero : values.get(Math.min(i, values.size() - 1));
  }
}
