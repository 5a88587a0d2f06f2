package dev.frontier.transforms.model;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * The OpDefs TF's native runtime registers, read once per JVM, used to count a node's outputs and to
 * read attributes whose default values a SavedModel stripped (e.g. FusedBatchNorm's is_training).
 */
final class OpRegistry {
  private static volatile Map<String, OpDef> ops;

  private OpRegistry() {}

  private static Map<String, OpDef> ops() {
    Map<String, OpDef> m = ops;
    if (m == null) {
      synchronized (OpRegistry.class) {
        if (ops == null) {
          Map<String, OpDef> byName = new HashMap<>();
          for (OpDef d : TensorFlow.registeredOpList().getOpList()) {
            byName.put(d.getName(), d);
          }
          ops = byName;
        }
        m = ops;
      }
    }
    return m;
  }

  /** The registered OpDef, or null for an unknown op (or a library function used as an op). */
  static OpDef opDef(String op) {
    return ops().get(op);
  }

  /** The node's attribute, falling back to the OpDef default; null when neither exists. */
  static AttrValue attr(NodeDef node, String name) {
    AttrValue v = node.getAttrMap().get(name);
    if (v != null) {
      return v;
    }
    OpDef def = opDef(node.getOp());
    if (def != null) {
      for (OpDef.AttrDef a : def.getAttrList()) {
        if (a.getName().equals(name) && a.hasDefaultValue()) {
          return a.getDefaultValue();
        }
      }
    }
    return null;
  }
}
