package dev.frontier.transforms.compress;

import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.ModelIr;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

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
   * then recovered ({@link #recover}).
   *
   * @throws IllegalArgumentException as {@link #recover}
   */
  public static CompressedCandidate compress(ModelIr floatIr, ConfiguredMethod pruning,
      ConfiguredMethod quantization, ActivationRanges ranges, Recovery recovery, RecoveryData data) {
    return recover(floatIr, pruning, quantization, ranges, recovery, data).candidate();
  }

  /**
   * A candidate and the float graph its quantization started from, with everything recovery changed: what a
   * writer that quantizes by itself (the .tflite writer) lowers, so its file carries the recovery too.
   *
   * @param candidate the candidate, as {@link #compress} returns it
   * @param recoveredFloat the pruned float graph, variance-corrected or fine-tuned, with the biases bias
   *     correction gave the finished candidate (taken from the quantized graph for a weight-only scheme)
   */
  public record Recovered(CompressedCandidate candidate, ModelIr recoveredFloat) {}

  /**
   * Builds a candidate with its recovery: {@link Recovery#FINE_TUNE} trains the pruned float graph on
   * {@code data}'s training rows before quantization; {@link Recovery#VARIANCE_CORRECTION} rescales the pruned
   * float graph's channels (before quantization, while weights are still float); {@link Recovery#BIAS_CORRECTION},
   * and the mean part of variance correction, corrects the quantized graph for weight-only schemes (its biases are
   * float) and the pruned float graph for a full-integer scheme (so its simulated and integer graphs both carry
   * the correction). Without recovery it is {@link #compress(ModelIr, ConfiguredMethod, ConfiguredMethod,
   * ActivationRanges)} and the pruned float graph.
   *
   * @param recovery what to do after compression ({@link Recovery#NONE} or null for nothing; then {@code data} is
   *     unused)
   * @param data the rows recovery runs on (calibration rows; training rows and settings for fine-tuning)
   * @throws IllegalArgumentException as the four-argument {@code compress}, or when recovery is asked for without
   *     its rows
   */
  public static Recovered recover(ModelIr floatIr, ConfiguredMethod pruning, ConfiguredMethod quantization,
      ActivationRanges ranges, Recovery recovery, RecoveryData data) {
    Objects.requireNonNull(floatIr, "floatIr");
    Objects.requireNonNull(quantization, "quantization (use '" + FloatBaseline.NAME + "' for none)");
    Recovery r = recovery == null ? Recovery.NONE : recovery;
    requireData(floatIr, r, data);
    Dataset rows = data == null ? null : data.calibrationRows();
    ModelIr start = pruned(floatIr, pruning);
    if (r == Recovery.VARIANCE_CORRECTION) {
      start = r.apply(floatIr, start, rows.features(), rows.featureNames());
    } else if (r == Recovery.FINE_TUNE) {
      start = FineTune.apply(start, data.trainingRows(), data.fineTune());
    }
    requireKind(quantization, CompressionMethod.Kind.QUANTIZATION);
    if (quantization.method() instanceof CalibratedCompressionMethod calibrated) {
      if (ranges == null) {
        throw new IllegalArgumentException("step '" + quantization + "' needs calibrated activation ranges for model '"
            + floatIr.modelId() + "', got none");
      }
      if (r == Recovery.BIAS_CORRECTION) {
        start = r.apply(floatIr, start, rows.features(), rows.featureNames());
      }
      return new Recovered(calibrated.apply(start, quantization.params(), ranges), start);
    }
    ModelIr compressed = quantization.applyTo(start);
    boolean quantized = !FloatBaseline.NAME.equals(quantization.methodName());
    if (r == Recovery.BIAS_CORRECTION || (quantized && r == Recovery.VARIANCE_CORRECTION)) {
      compressed = Recovery.BIAS_CORRECTION.apply(floatIr, compressed, rows.features(), rows.featureNames());
      start = withBiasesOf(start, compressed);
    }
    return new Recovered(CompressedCandidate.of(stored(pruning, compressed)), start);
  }

  /** Checks that {@code data} holds what {@code recovery} runs on, naming the model and the catalogue entry to add. */
  private static void requireData(ModelIr floatIr, Recovery recovery, RecoveryData data) {
    if (recovery == Recovery.FINE_TUNE) {
      if (data == null || data.trainingRows() == null || data.fineTune() == null) {
        throw new IllegalArgumentException("recovery '" + recovery + "' of model '" + floatIr.modelId()
            + "' needs labelled training rows; the catalogue entry names none (add 'training:')");
      }
    } else if (recovery != Recovery.NONE && (data == null || data.calibrationRows() == null
        || data.calibrationRows().size() == 0)) {
      throw new IllegalArgumentException("recovery '" + recovery + "' of model '" + floatIr.modelId()
          + "' needs calibration rows; the catalogue entry has none (add a 'calibration:' subset)");
    }
  }

  /** {@code ir} with each float Const that {@code from} also holds, same shape, as a float Const there (biases). */
  private static ModelIr withBiasesOf(ModelIr ir, ModelIr from) {
    GraphIndex source = new GraphIndex(from);
    GraphDef.Builder b = ir.graphDef().toBuilder();
    Set<String> weights = new HashSet<>();
    ir.layers().forEach(l -> weights.add(l.weightNodeName()));
    for (int i = 0; i < b.getNodeCount(); i++) {
      NodeDef n = b.getNode(i);
      NodeDef other = source.node(n.getName());
      if (weights.contains(n.getName()) || other == null || !ConstTensors.isConst(n) || !ConstTensors.isConst(other)) {
        continue;
      }
      TensorProto mine = ConstTensors.value(n);
      TensorProto theirs = ConstTensors.value(other);
      if (mine.getDtype() == DataType.DT_FLOAT && theirs.getDtype() == mine.getDtype()
          && Arrays.equals(ConstTensors.shape(mine), ConstTensors.shape(theirs))) {
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
