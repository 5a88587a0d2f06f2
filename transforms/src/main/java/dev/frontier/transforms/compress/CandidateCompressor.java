package dev.frontier.transforms.compress;

import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.ModelIr;
import java.util.Objects;

/**
 * Builds one candidate: prune first, then quantize (sizes compound: the zeros pruning makes stay zero
 * through any quantization, and gzip collects both gains). Any pruning method composes with any
 * quantization method; "no quantization" is the {@code float} method. A method that needs calibrated
 * activation ranges ({@link CalibratedCompressionMethod}) goes through the four-argument {@code compress}, which
 * returns a {@link CompressedCandidate} (graph to evaluate, graph to ship, layers left float).
 */
public final class CandidateCompressor {
  private CandidateCompressor() {}

  /**
   * The compressed IR of {@code floatIr}.
   *
   * @param pruning a {@link CompressionMethod.Kind#PRUNING} step, or null for none
   * @param quantization a {@link CompressionMethod.Kind#QUANTIZATION} step ({@code float} for none)
   * @throws IllegalArgumentException when a step's method is of the other kind, or the method fails
   */
  public static ModelIr compress(ModelIr floatIr, ConfiguredMethod pruning, ConfiguredMethod quantization) {
    Objects.requireNonNull(floatIr, "floatIr");
    Objects.requireNonNull(quantization, "quantization (use '" + FloatBaseline.NAME + "' for none)");
    if (pruning != null) {
      requireKind(pruning, CompressionMethod.Kind.PRUNING);
    }
    requireKind(quantization, CompressionMethod.Kind.QUANTIZATION);
    return stored(pruning, quantization.applyTo(pruned(floatIr, pruning)));
  }

  /** {@code floatIr} pruned by {@code pruning} (checked to be a pruning step), or as it is for none. */
  private static ModelIr pruned(ModelIr floatIr, ConfiguredMethod pruning) {
    if (pruning == null) {
      return floatIr;
    }
    requireKind(pruning, CompressionMethod.Kind.PRUNING);
    return pruning.applyTo(floatIr);
  }

  /** The pruning method's storage of the finished graph ({@link CompressionMethod#store}). */
  private static ModelIr stored(ConfiguredMethod pruning, ModelIr ir) {
    return pruning == null ? ir : pruning.method().store(ir, pruning.params());
  }

  /**
   * The candidate for {@code floatIr}: prune, then quantize, with calibrated ranges for a method that needs
   * them. For a {@link CalibratedCompressionMethod} (e.g. {@code int8}) the result carries two graphs, the simulated
   * one to evaluate and the integer one to ship, and the layers left float; for any other method both
   * graphs are the IR {@link #compress(ModelIr, ConfiguredMethod, ConfiguredMethod)} returns and
   * {@code ranges} is ignored.
   *
   * <p>Ranges are looked up by tensor name, and pruning keeps names, so ranges calibrated on the float
   * model apply to the pruned one (calibrating the pruned model itself fits its activations better).
   *
   * @param ranges calibrated activation ranges, or null when the quantization needs none
   * @throws IllegalArgumentException as the three-argument method, or when the quantization needs
   *     calibration and {@code ranges} is null
   */
  public static CompressedCandidate compress(ModelIr floatIr, ConfiguredMethod pruning,
      ConfiguredMethod quantization, ActivationRanges ranges) {
    Objects.requireNonNull(quantization, "quantization (use '" + FloatBaseline.NAME + "' for none)");
    if (!(quantization.method() instanceof CalibratedCompressionMethod calibrated)) {
      return CompressedCandidate.of(compress(floatIr, pruning, quantization));
    }
    Objects.requireNonNull(floatIr, "floatIr");
    requireKind(quantization, CompressionMethod.Kind.QUANTIZATION);
    if (ranges == null) {
      throw new IllegalArgumentException("step '" + quantization + "' needs calibrated activation ranges for model '"
          + floatIr.modelId() + "', got none");
    }
    return calibrated.apply(pruned(floatIr, pruning), quantization.params(), ranges);
  }

  /**
   * The candidate as {@link #compress(ModelIr, ConfiguredMethod, ConfiguredMethod, ActivationRanges)} builds it,
   * then recovered: {@link Recovery#FINE_TUNE} trains the pruned float graph on {@code data}'s training rows before
   * quantization; {@link Recovery#VARIANCE_CORRECTION} rescales the pruned float graph's
   * channels (before quantization, while weights are still float); {@link Recovery#BIAS_CORRECTION}, and the
   * mean part of variance correction, corrects the quantized graph for weight-only schemes (its biases are
   * float) and the pruned float graph for a full-integer scheme (so its simulated and integer graphs both
   * carry the correction).
   *
   * @param recovery what to do after compression ({@link Recovery#NONE} for nothing; then {@code rows} is unused)
   * @param data the rows recovery runs on (calibration rows; training rows and settings for fine-tuning)
   * @throws IllegalArgumentException as the four-argument method, or when recovery is asked for without its rows
   */
  public static CompressedCandidate compress(ModelIr floatIr, ConfiguredMethod pruning,
      ConfiguredMethod quantization, ActivationRanges ranges, Recovery recovery, RecoveryData data) {
    if (recovery == null || recovery == Recovery.NONE) {
      return compress(floatIr, pruning, quantization, ranges);
    }
    Objects.requireNonNull(quantization, "quantization (use '" + FloatBaseline.NAME + "' for none)");
    Dataset rows = data == null ? null : data.calibrationRows();
    if (recovery == Recovery.FINE_TUNE) {
      if (data == null || data.trainingRows() == null || data.fineTune() == null) {
        throw new IllegalArgumentException("recovery '" + recovery + "' of model '" + floatIr.modelId()
            + "' needs labelled training rows; the catalogue entry names none (add 'training:')");
      }
    } else if (rows == null || rows.size() == 0) {
      throw new IllegalArgumentException("recovery '" + recovery + "' of model '" + floatIr.modelId()
          + "' needs calibration rows; the catalogue entry has none (add a 'calibration:' subset)");
    }
    ModelIr pruned = pruned(floatIr, pruning);
    if (recovery == Recovery.VARIANCE_CORRECTION) {
      pruned = recovery.apply(floatIr, pruned, rows.features(), rows.featureNames());
    } else if (recovery == Recovery.FINE_TUNE) {
      pruned = FineTune.apply(pruned, data.trainingRows(), data.fineTune());
    }
    if (quantization.method() instanceof CalibratedCompressionMethod calibrated) {
      requireKind(quantization, CompressionMethod.Kind.QUANTIZATION);
      if (ranges == null) {
        throw new IllegalArgumentException("step '" + quantization + "' needs calibrated activation ranges for model '"
            + floatIr.modelId() + "', got none");
      }
      ModelIr corrected = recovery == Recovery.BIAS_CORRECTION
          ? recovery.apply(floatIr, pruned, rows.features(), rows.featureNames()) : pruned;
      return calibrated.apply(corrected, quantization.params(), ranges);
    }
    requireKind(quantization, CompressionMethod.Kind.QUANTIZATION);
    boolean quantized = !FloatBaseline.NAME.equals(quantization.methodName());
    ModelIr compressed = quantization.applyTo(pruned);
    if (recovery == Recovery.BIAS_CORRECTION || (quantized && recovery == Recovery.VARIANCE_CORRECTION)) {
      compressed = Recovery.BIAS_CORRECTION.apply(floatIr, compressed, rows.features(), rows.featureNames());
    }
    return CompressedCandidate.of(stored(pruning, compressed));
  }

  /**
   * The float graph a candidate's quantization starts from, with everything recovery changed: pruned, then
   * variance-corrected or fine-tuned, and with the biases bias correction gives the finished candidate (for a
   * weight-only scheme they are corrected after quantization, so they are taken from the compressed graph). What
   * a writer that quantizes by itself (the .tflite writer) lowers, so its file carries the recovery too.
   *
   * @throws IllegalArgumentException as {@link #compress(ModelIr, ConfiguredMethod, ConfiguredMethod,
   *     ActivationRanges, Recovery, RecoveryData)}
   */
  public static ModelIr recoveredFloat(ModelIr floatIr, ConfiguredMethod pruning, ConfiguredMethod quantization,
      ActivationRanges ranges, Recovery recovery, RecoveryData data) {
    ModelIr pruned = pruned(floatIr, pruning);
    if (recovery == null || recovery == Recovery.NONE) {
      return pruned;
    }
    if (recovery == Recovery.FINE_TUNE) {
      return FineTune.apply(pruned, data.trainingRows(), data.fineTune());
    }
    Dataset rows = data.calibrationRows();
    ModelIr before = recovery == Recovery.VARIANCE_CORRECTION
        ? recovery.apply(floatIr, pruned, rows.features(), rows.featureNames()) : pruned;
    if (quantization.method() instanceof CalibratedCompressionMethod) {
      return recovery == Recovery.BIAS_CORRECTION
          ? recovery.apply(floatIr, before, rows.features(), rows.featureNames()) : before;
    }
    ModelIr finished = compress(floatIr, pruning, quantization, ranges, recovery, data).shipped();
    return withBiasesOf(before, finished);
  }

  /** {@code ir} with each float Const that {@code from} also holds, same shape, as a float Const there (biases). */
  private static ModelIr withBiasesOf(ModelIr ir, ModelIr from) {
    GraphIndex source = new GraphIndex(from);
    org.tensorflow.proto.GraphDef.Builder b = ir.graphDef().toBuilder();
    java.util.Set<String> weights = new java.util.HashSet<>();
    ir.layers().forEach(l -> weights.add(l.weightNodeName()));
    for (int i = 0; i < b.getNodeCount(); i++) {
      org.tensorflow.proto.NodeDef n = b.getNode(i);
      org.tensorflow.proto.NodeDef other = source.node(n.getName());
      if (weights.contains(n.getName()) || other == null || !ConstTensors.isConst(n) || !ConstTensors.isConst(other)) {
        continue;
      }
      org.tensorflow.proto.TensorProto mine = ConstTensors.value(n);
      org.tensorflow.proto.TensorProto theirs = ConstTensors.value(other);
      if (mine.getDtype() == org.tensorflow.proto.DataType.DT_FLOAT && theirs.getDtype() == mine.getDtype()
          && java.util.Arrays.equals(ConstTensors.shape(mine), ConstTensors.shape(theirs))) {
        b.setNode(i, other);
      }
    }
    return ir.withGraph(b.build());
  }

  private static void requireKind(ConfiguredMethod step, CompressionMethod.Kind expected) {
    CompressionMethod.Kind actual = step.method().kind();
    if (actual != expected) {
      throw new IllegalArgumentException("step '" + step + "' is a " + actual + " method, given as "
          + expected);
    }
  }
}
