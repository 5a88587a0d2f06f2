package dev.frontier.transforms.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Turns variables into constants holding their restored values.
 *
 * <p>Why: a GraphDef that still reads variables runs without error on uninitialised or freshly
 * initialised weights unless someone runs the restore op
 * (docs/DESIGN.md, "TensorFlow Java 1.1.0: facts learned the hard way"). A frozen graph carries its
 * weights and is a pure function of its inputs, which is what every compression rewrites.
 *
 * <p>What: each {@code ReadVariableOp} (and {@code ResourceGather}) whose handle comes from a
 * {@code VarHandleOp} (possibly through Identity/IdentityN) becomes a Const (a GatherV2 over a Const);
 * each TF1 {@code VariableV2} / {@code Variable} node becomes a Const under its own name. Values are
 * fetched from the session of the loaded SavedModelBundle, i.e. exactly what TF restored from the
 * checkpoint: resource variables through ReadVariableOp nodes added to the bundle's graph, TF1 variables
 * by fetching the variable node. The values are returned with the graph, by variable, so the importer can
 * check them ({@link FiniteWeights}).
 */
final class VariableFreezer {
  private static final Set<String> REF_VARIABLE_OPS = Set.of("VariableV2", "Variable");
  private static final String READ_PREFIX = "frontier_freeze_read_";

  private VariableFreezer() {}

  /**
   * The frozen graph and the value each variable was frozen to.
   *
   * @param graph the graph with every variable read replaced by a Const
   * @param variables variable (VarHandleOp, VariableV2 or Variable node) name → its restored value
   */
  record Frozen(GraphDef graph, Map<String, TensorProto> variables) {}

  static Frozen freeze(GraphDef graph, Session session, Graph bundleGraph) {
    Map<String, NodeDef> byName = new HashMap<>();
    for (NodeDef n : graph.getNodeList()) {
      byName.put(n.getName(), n);
    }
    // Which node reads which variable.
    Map<String, String> readerToHandle = new LinkedHashMap<>();
    Map<String, NodeDef> handles = new LinkedHashMap<>();
    Map<String, NodeDef> refVariables = new LinkedHashMap<>();
    for (NodeDef n : graph.getNodeList()) {
      if (REF_VARIABLE_OPS.contains(n.getOp())) {
        refVariables.put(n.getName(), n);
      } else if ("ReadVariableOp".equals(n.getOp()) || "ResourceGather".equals(n.getOp())) {
        NodeDef handle = handleSource(n.getInput(0), byName);
        if (handle != null) {
          readerToHandle.put(n.getName(), handle.getName());
          handles.put(handle.getName(), handle);
        }
      }
    }
    if (handles.isEmpty() && refVariables.isEmpty()) {
      return new Frozen(graph, Map.of());
    }
    Map<String, TensorProto> values = fetch(session, bundleGraph, handles, refVariables);

    GraphDef.Builder out = graph.toBuilder().clearNode();
    for (NodeDef n : graph.getNodeList()) {
      String handle = readerToHandle.get(n.getName());
      if (refVariables.containsKey(n.getName())) {
        out.addNode(ConstTensors.constNode(n.getName(), values.get(n.getName())));
      } else if (handle != null && "ReadVariableOp".equals(n.getOp())) {
        out.addNode(ConstTensors.constNode(n.getName(), values.get(handle), controlInputs(n)));
      } else if (handle != null) {
        addGather(out, n, values.get(handle));
      } else {
        out.addNode(n);
      }
    }
    return new Frozen(out.build(), values);
  }

  /** The VarHandleOp behind a resource reference, following Identity and IdentityN; null if none. */
  static NodeDef handleSource(String ref, Map<String, NodeDef> byName) {
    String current = TensorNames.normalize(ref);
    for (int hops = 0; hops < 1000; hops++) {
      NodeDef n = byName.get(TensorNames.nodeName(current));
      if (n == null) {
        return null;
      }
      switch (n.getOp()) {
        case "VarHandleOp":
          return n;
        case "Identity":
          current = TensorNames.normalize(n.getInput(0));
          break;
        case "IdentityN":
          current = TensorNames.normalize(n.getInput(TensorNames.outputIndex(current)));
          break;
        default:
          return null;
      }
    }
    return null;
  }

  private static Map<String, TensorProto> fetch(Session session, Graph bundleGraph,
      Map<String, NodeDef> handles, Map<String, NodeDef> refVariables) {
    List<String> fetchNames = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    int k = 0;
    synchronized (bundleGraph) {
      for (NodeDef h : handles.values()) {
        String readName = READ_PREFIX + k++;
        while (bundleGraph.operation(readName) != null) {
          readName = READ_PREFIX + k++;
        }
        GraphOperation handleOp = bundleGraph.operation(h.getName());
        if (handleOp == null) {
          throw new IllegalStateException("variable '" + h.getName() + "' is not in the loaded graph");
        }
        bundleGraph.opBuilder("ReadVariableOp", readName, bundleGraph.baseScope())
            .addInput(handleOp.output(0))
            .setAttr("dtype", h.getAttrOrThrow("dtype").getType())
            .build();
        fetchNames.add(readName + ":0");
        keys.add(h.getName());
      }
    }
    for (NodeDef v : refVariables.values()) {
      fetchNames.add(v.getName() + ":0");
      keys.add(v.getName());
    }
    Session.Runner runner = session.runner();
    fetchNames.forEach(runner::fetch);
    Map<String, TensorProto> values = new LinkedHashMap<>();
    try (Result result = runner.run()) {
      for (int i = 0; i < keys.size(); i++) {
        Tensor t = result.get(i);
        values.put(keys.get(i), ConstTensors.fromTensor(t));
      }
    }
    return values;
  }

  /** ResourceGather(handle, indices) becomes GatherV2(Const value, indices, axis 0), same name. */
  private static void addGather(GraphDef.Builder out, NodeDef gather, TensorProto value) {
    String valueName = gather.getName() + "/frozen_params";
    String axisName = gather.getName() + "/frozen_axis";
    out.addNode(ConstTensors.constNode(valueName, value));
    out.addNode(ConstTensors.constNode(axisName, TensorProto.newBuilder()
        .setDtype(DataType.DT_INT32)
        .setTensorShape(ConstTensors.shapeProto(new long[0]))
        .addIntVal(0)
        .build()));
    NodeDef.Builder b = NodeDef.newBuilder()
        .setName(gather.getName())
        .setOp("GatherV2")
        .addInput(valueName)
        .addInput(gather.getInput(1))
        .addInput(axisName)
        .putAttr("Tparams", AttrValue.newBuilder().setType(value.getDtype()).build())
        .putAttr("Taxis", AttrValue.newBuilder().setType(DataType.DT_INT32).build());
    AttrValue tindices = OpRegistry.attr(gather, "Tindices");
    if (tindices != null) {
      b.putAttr("Tindices", tindices);
    }
    AttrValue batchDims = OpRegistry.attr(gather, "batch_dims");
    if (batchDims != null) {
      b.putAttr("batch_dims", batchDims);
    }
    b.addAllInput(controlInputs(gather));
    out.addNode(b.build());
  }

  private static List<String> controlInputs(NodeDef n) {
    List<String> c = new ArrayList<>();
    for (String in : n.getInputList()) {
      if (TensorNames.isControl(in)) {
        c.add(in);
      }
    }
    return c;
  }
}
