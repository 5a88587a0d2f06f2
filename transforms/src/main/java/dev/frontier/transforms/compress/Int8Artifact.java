package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ModelIr;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The integer artifact of the full-integer scheme ({@link FullInt8Kernels}) and the layers that stayed
 * float in it, each with the reason, so result rows can say which layers did.
 *
 * @param ir the graph on TF's integer kernels
 * @param floatLayerReasons layer name → why it stayed float, in graph order (empty when all run integer)
 * @param dequantizedOutputs quantized layer name → why its output is converted back to float rather than
 *     handed to the next quantized layer as integer levels (the logits always are), in graph order
 */
public record Int8Artifact(ModelIr ir, Map<String, String> floatLayerReasons, Map<String, String> dequantizedOutputs) {

  public Int8Artifact {
    Objects.requireNonNull(ir, "ir");
    floatLayerReasons = Collections.unmodifiableMap(new LinkedHashMap<>(floatLayerReasons));
    dequantizedOutputs = Collections.unmodifiableMap(new LinkedHashMap<>(dequantizedOutputs));
  }

  /** The names of the layers that stayed float, in graph order. */
  public List<String> floatLayers() {
    return List.copyOf(floatLayerReasons.keySet());
  }
}
