package dev.frontier.transforms.tflite;

import dev.frontier.transforms.compress.ConfiguredMethod;
import dev.frontier.transforms.compress.FloatBaseline;
import dev.frontier.transforms.compress.FullInt8;
import dev.frontier.transforms.compress.Fp16Weights;
import dev.frontier.transforms.compress.Granularity;
import dev.frontier.transforms.compress.Int8Weights;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * How a .tflite file stores a candidate, one per quantization method that TFLite can express:
 *
 * <ul>
 *   <li>{@code float32}: float weights and activations ({@code float});
 *   <li>{@code fp16}: float16 weight tensors, each read through a DEQUANTIZE op, float activations (TFLite's
 *       float16 quantization; {@code fp16});
 *   <li>{@code int8-weight}: int8 weight tensors (zero-point 0, per tensor or per output channel) read
 *       through DEQUANTIZE, float activations ({@code int8-weight}; the levels are the TF artifact's);
 *   <li>{@code int8}: full-integer int8 by the TFLite spec: int8 weights, int32 biases with scale
 *       {@code s_in · s_w}, 8-bit asymmetric activations from calibrated ranges; the file's interface stays
 *       float (QUANTIZE after the input, DEQUANTIZE before the output) ({@code int8}). Layers the candidate
 *       keeps float ({@code skipLayers}, and those {@code keep_float_most_sensitive} picks) run in float
 *       between a DEQUANTIZE and a QUANTIZE.
 * </ul>
 *
 * Pruning needs no scheme of its own: the pruned weights are written as they are, zeros included.
 *
 * @param name the scheme's name as above
 * @param granularity weight scales of the int8 schemes (per-tensor or per-channel); null otherwise
 * @param floatLayers layer (node) names the full-integer scheme keeps float; empty otherwise
 */
public record TfliteScheme(String name, Granularity granularity, List<String> floatLayers) implements Serializable {
  public static final String FLOAT32 = "float32";
  public static final String FP16 = "fp16";
  public static final String INT8_WEIGHT = "int8-weight";
  public static final String INT8 = "int8";

  public TfliteScheme {
    Objects.requireNonNull(name, "name");
    floatLayers = floatLayers == null ? List.of() : List.copyOf(floatLayers);
    if (!floatLayers.isEmpty() && !name.equals(INT8)) {
      throw new IllegalArgumentException("only the full-integer scheme keeps layers float, not " + name);
    }
    if (!name.equals(FLOAT32) && !name.equals(FP16) && !name.equals(INT8_WEIGHT) && !name.equals(INT8)) {
      throw new IllegalArgumentException("unknown TFLite scheme '" + name + "'");
    }
  }

  public static TfliteScheme float32() {
    return new TfliteScheme(FLOAT32, null, List.of());
  }

  public static TfliteScheme fp16() {
    return new TfliteScheme(FP16, null, List.of());
  }

  public static TfliteScheme int8Weight(Granularity granularity) {
    return new TfliteScheme(INT8_WEIGHT, Objects.requireNonNull(granularity, "granularity"), List.of());
  }

  public static TfliteScheme int8(Granularity granularity) {
    return int8(granularity, List.of());
  }

  /** Full-integer int8 with {@code floatLayers} kept float. */
  public static TfliteScheme int8(Granularity granularity, List<String> floatLayers) {
    return new TfliteScheme(INT8, Objects.requireNonNull(granularity, "granularity"), floatLayers);
  }

  /**
   * The scheme of a candidate quantized by {@code quantization}.
   *
   * @throws NotExportableToTfliteException for a method TFLite cannot express here (e.g. int4 groups)
   */
  public static TfliteScheme of(String modelId, ConfiguredMethod quantization) {
    String method = quantization.methodName();
    if (method.equals(FloatBaseline.NAME)) {
      return float32();
    }
    if (method.equals(Fp16Weights.NAME)) {
      return fp16();
    }
    if (method.equals(Int8Weights.NAME)) {
      return int8Weight(quantization.params().granularity());
    }
    if (method.equals(FullInt8.NAME)) {
      return int8(quantization.params().granularity(), quantization.params().skipLayers());
    }
    throw new NotExportableToTfliteException(modelId, "scheme " + quantization
        + " (the .tflite writer maps float, fp16, int8-weight and int8)");
  }

  /** Whether activations are int8 (and the writer needs every activation tensor's range). */
  public boolean fullInteger() {
    return name.equals(INT8);
  }

  /** {@code int8{granularity=per-channel}}, with {@code , floatLayers=[...]} when some are kept float. */
  @Override
  public String toString() {
    if (granularity == null) {
      return name;
    }
    return name + "{granularity=" + granularity + (floatLayers.isEmpty() ? "" : ", floatLayers=" + floatLayers) + "}";
  }
}
