package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ModelIr;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One compressed candidate as the sweep measures it: the graph whose accuracy is evaluated and the graph
 * that is shipped (whose size and latency are measured), plus the layers a full-integer scheme left float.
 *
 * <p>Why two graphs: a full-integer scheme's real artifact runs on TF's integer kernels, which exist only
 * with oneDNN; its accuracy is measured on a float graph that simulates exactly the same integer
 * arithmetic (FakeQuant, dequantized weights, int32-grid bias), and the two agree up to round-off (see
 * {@link FullInt8Kernels}). For every other method the two are one and the same IR.
 *
 * @param evaluated the IR to measure accuracy and fidelity on
 * @param shipped the IR to write, size and time
 * @param floatLayers layers a full-integer scheme kept in float, in graph order (empty for other methods)
 */
public record CompressedCandidate(ModelIr evaluated, ModelIr shipped, List<String> floatLayers)
    implements Serializable {

  public CompressedCandidate {
    Objects.requireNonNull(evaluated, "evaluated");
    Objects.requireNonNull(shipped, "shipped");
    floatLayers = List.copyOf(floatLayers);
  }

  /** A candidate whose evaluated and shipped graphs are the same {@code ir}, no float layers to report. */
  public static CompressedCandidate of(ModelIr ir) {
    return new CompressedCandidate(ir, ir, List.of());
  }
}
