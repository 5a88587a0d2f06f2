/**
 * Calibration: the activation ranges a full-integer int8 scheme quantizes with, chosen from a
 * representative dataset. No Beam here; {@code beam.sweep.CalibrationCombineFn} runs the same code sharded.
 *
 * <ol>
 *   <li>{@link dev.frontier.transforms.calibrate.ActivationTaps} names the tensors to observe: the input 0
 *       of every compressible layer, as {@code node:index} (optionally each layer's output after bias
 *       and ReLU too).
 *   <li>{@link dev.frontier.transforms.calibrate.ActivationCollector} runs the IR on batches of rows and
 *       adds the tapped values to {@link dev.frontier.transforms.calibrate.CalibrationStatistics}: per
 *       tensor a {@link dev.frontier.transforms.calibrate.TensorStatistics} (exact min/max/count, exact
 *       zeros apart, 2048-bin magnitude histograms per sign over a power-of-two range), whose merge is
 *       exact, so shards combine to the single-pass statistics bin by bin.
 *   <li>A {@link dev.frontier.transforms.calibrate.RangeEstimator}, found by name in
 *       {@link dev.frontier.transforms.calibrate.RangeEstimators}, turns each tensor's statistics into a
 *       range: {@code minmax}, {@code percentile}, {@code entropy}, {@code mse}. The statistics do not
 *       depend on the method: gather them once per (model, samples) and apply every method.
 *   <li>{@link dev.frontier.transforms.calibrate.Calibrator#ranges} assembles
 *       {@link dev.frontier.transforms.calibrate.ActivationRanges}, the contract with the int8 scheme.
 * </ol>
 *
 * <p><b>Ranges are asymmetric,</b> as the int8 spec's activations are (a zero-point anywhere): each tail
 * (positive values; magnitudes of negative ones) gets its own threshold, so a post-ReLU tensor gets
 * [0, t] and a signed one [−t⁻, t⁺], never wider than the exact [min, max]. Exact zeros belong to no tail:
 * every range containing 0 represents them exactly. {@code entropy} and {@code mse} quantize a tail to
 * {@link dev.frontier.transforms.calibrate.CalibrationParams#DEFAULT_LEVELS} = 128 levels, the 7-bit
 * activations the integer kernels run on this CPU (docs/DESIGN.md, "The int8 scheme as implemented").
 *
 * <p><b>What the methods do on real data</b> (worth knowing before reading a sweep): {@code entropy}
 * matches TensorRT's description, including its weakness: on a histogram with tall isolated spikes (the
 * first conv layers of an MNIST CNN, where saturated patches give identical outputs) the least divergent
 * threshold can sit at a spike and clip most of the tail. {@code mse} keeps outliers unless they are rarer
 * than the rounding error they would cost (about 1 in 190 000 values of a tail for 128 levels), and
 * clips a continuous long tail. {@code percentile} is exact to one bin width.
 */
package dev.frontier.transforms.calibrate;
