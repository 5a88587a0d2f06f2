package dev.frontier.transforms.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * Replaces function calls ({@code PartitionedCall}, {@code StatefulPartitionedCall}, or a node whose op
 * is a library function) by the function's body, repeatedly, until no call is left.
 *
 * <p>Why: TF2/Keras SavedModels keep all computation inside library functions, where tensors cannot be
 * fetched by name and weights cannot be rewritten. After inlining the graph is flat.
 *
 * <p>How (see docs/DESIGN.md, "The IR: a frozen GraphDef"): body nodes are renamed {@code call/node}
 * (with a {@code _k} suffix in the rare case that name is taken); a body tensor
 * {@code node:output_arg:index} becomes {@code call/node:k}, k counted over the op's output args
 * (list-valued ones sized by their {@code number_attr} / {@code type_list_attr}, from the registered
 * OpDef or the called function's signature); function arguments become the call's inputs. The call node
 * itself becomes an {@code IdentityN} over the function's return values (or a {@code NoOp} when there
 * are none), so {@code call:i} and {@code ^call} elsewhere still resolve; it also carries control edges
 * to the function's control outputs. Body nodes without any input inherit the call's control inputs.
 * Devices and colocation constraints are cleared: the IR is placed by whoever runs it.
 */
final class FunctionInliner {
  /** Calls nested deeper than this are taken for recursion. */
  static final int MAX_NESTING_DEPTH = 64;

  private static final Set<String> CALL_OPS = Set.of("PartitionedCall", "StatefulPartitionedCall");

  private FunctionInliner() {}

  static GraphDef inline(GraphDef graph) {
    Map<String, FunctionDef> library = new HashMap<>();
    for (FunctionDef f : graph.getLibrary().getFunctionList()) {
      library.put(f.getSignature().getName(), f);
    }
    List<NodeDef> nodes = new ArrayList<>();
    for (NodeDef n : graph.getNodeList()) {
      nodes.add(clean(n));
    }
    for (int depth = 0; ; depth++) {
      Set<String> names = new HashSet<>();
      nodes.forEach(n -> names.add(n.getName()));
      List<NodeDef> next = new ArrayList<>();
      boolean inlined = false;
      for (NodeDef n : nodes) {
        FunctionDef f = calledFunction(n, library);
        if (f == null) {
          next.add(n);
        } else {
          inlined = true;
          next.addAll(new Call(n, f, names, library).inline());
        }
      }
      nodes = next;
      if (!inlined) {
        break;
      }
      if (depth >= MAX_NESTING_DEPTH) {
        throw new IllegalStateException("function calls nested deeper than " + MAX_NESTING_DEPTH
            + " levels (recursive functions?)");
      }
    }
    return graph.toBuilder().clearNode().addAllNode(nodes).build();
  }

  /** The function a node calls, or null when it is an ordinary op. */
  static FunctionDef calledFunction(NodeDef n, Map<String, FunctionDef> library) {
    if (CALL_OPS.contains(n.getOp())) {
      String name = n.getAttrOrThrow("f").getFunc().getName();
      FunctionDef f = library.get(name);
      if (f == null) {
        throw new IllegalStateException("node '" + n.getName() + "' calls function '" + name
            + "' which is not in the graph's library");
      }
      return f;
    }
    return library.get(n.getOp());
  }

  /** Clears the device and drops colocation constraints ({@code _class}), which name other nodes. */
  static NodeDef clean(NodeDef n) {
    if (n.getDevice().isEmpty() && !n.containsAttr("_class")) {
      return n;
    }
    return n.toBuilder().clearDevice().removeAttr("_class").build();
  }

  /** One call being inlined. */
  private static final class Call {
    private final NodeDef call;
    private final FunctionDef fn;
    private final Set<String> graphNames;
    private final Map<String, FunctionDef> library;
    private final String prefix;
    private final Map<String, String> args = new HashMap<>();
    private final Map<String, NodeDef> body = new HashMap<>();
    private final Map<String, String> renamed = new HashMap<>();
    private final Map<String, AttrValue> callAttrs;
    private final List<String> callControls = new ArrayList<>();
    private final Map<String, Map<String, Integer>> outputArgStarts = new HashMap<>();

    Call(NodeDef call, FunctionDef fn, Set<String> graphNames, Map<String, FunctionDef> library) {
      this.call = call;
      this.fn = fn;
      this.graphNames = graphNames;
      this.library = library;
      this.prefix = call.getName() + "/";
      this.callAttrs = CALL_OPS.contains(call.getOp())
          ? call.getAttrOrThrow("f").getFunc().getAttrMap()
          : call.getAttrMap();
      List<String> dataInputs = new ArrayList<>();
      for (String in : call.getInputList()) {
        if (TensorNames.isControl(in)) {
          callControls.add(TensorNames.normalize(in));
        } else {
          dataInputs.add(TensorNames.normalize(in));
        }
      }
      List<OpDef.ArgDef> inArgs = fn.getSignature().getInputArgList();
      for (OpDef.ArgDef a : inArgs) {
        if (!a.getNumberAttr().isEmpty() || !a.getTypeListAttr().isEmpty()) {
          throw new IllegalStateException("function '" + name() + "' has list-valued argument '"
              + a.getName() + "'; not supported");
        }
      }
      if (inArgs.size() != dataInputs.size()) {
        throw new IllegalStateException("node '" + call.getName() + "' passes " + dataInputs.size()
            + " inputs to function '" + name() + "' which takes " + inArgs.size());
      }
      for (int i = 0; i < inArgs.size(); i++) {
        args.put(inArgs.get(i).getName(), dataInputs.get(i));
      }
      for (NodeDef n : fn.getNodeDefList()) {
        body.put(n.getName(), n);
        String newName = prefix + n.getName();
        for (int k = 1; graphNames.contains(newName); k++) {
          newName = prefix + n.getName() + "_" + k;
        }
        graphNames.add(newName);
        renamed.put(n.getName(), newName);
      }
    }

    private String name() {
      return fn.getSignature().getName();
    }

    List<NodeDef> inline() {
      List<NodeDef> out = new ArrayList<>();
      for (NodeDef n : fn.getNodeDefList()) {
        NodeDef.Builder b = clean(n).toBuilder().setName(renamed.get(n.getName())).clearInput();
        for (String in : n.getInputList()) {
          b.addInput(resolve(in));
        }
        if (n.getInputCount() == 0) {
          b.addAllInput(callControls);
        }
        for (Map.Entry<String, AttrValue> a : n.getAttrMap().entrySet()) {
          if (!a.getValue().getPlaceholder().isEmpty()) {
            AttrValue v = callAttrs.get(a.getValue().getPlaceholder());
            if (v == null) {
              throw new IllegalStateException("node '" + n.getName() + "' of function '" + name()
                  + "' uses attr placeholder '" + a.getValue().getPlaceholder() + "' the call does not set");
            }
            b.putAttr(a.getKey(), v);
          }
        }
        out.add(b.build());
      }
      out.add(callResult());
      return out;
    }

    /** The node keeping the call's name: IdentityN over the return values, or NoOp. */
    private NodeDef callResult() {
      NodeDef.Builder b = NodeDef.newBuilder().setName(call.getName());
      List<OpDef.ArgDef> outArgs = fn.getSignature().getOutputArgList();
      List<DataType> types = new ArrayList<>();
      for (OpDef.ArgDef a : outArgs) {
        String ret = fn.getRetMap().get(a.getName());
        if (ret == null) {
          throw new IllegalStateException("function '" + name() + "' has no return value for output '"
              + a.getName() + "'");
        }
        b.addInput(resolve(ret));
        types.add(argType(a));
      }
      for (String controlOut : fn.getSignature().getControlOutputList()) {
        String node = fn.getControlRetMap().get(controlOut);
        if (node != null && renamed.containsKey(node)) {
          b.addInput(TensorNames.control(renamed.get(node)));
        }
      }
      if (outArgs.isEmpty()) {
        b.setOp("NoOp").addAllInput(callControls);
        return b.build();
      }
      AttrValue.ListValue.Builder t = AttrValue.ListValue.newBuilder().addAllType(types);
      b.setOp("IdentityN").putAttr("T", AttrValue.newBuilder().setList(t).build());
      AttrValue shapes = call.getAttrMap().get("_output_shapes");
      if (shapes != null && shapes.getList().getShapeCount() == outArgs.size()) {
        b.putAttr("_output_shapes", shapes);
      }
      return b.build();
    }

    private DataType argType(OpDef.ArgDef a) {
      if (a.getType() != DataType.DT_INVALID) {
        return a.getType();
      }
      AttrValue v = callAttrs.get(a.getTypeAttr());
      if (v == null) {
        throw new IllegalStateException("cannot tell the type of output '" + a.getName() + "' of function '"
            + name() + "'");
      }
      return v.getType();
    }

    /** A body reference ({@code arg}, {@code node:out_arg:i}, {@code ^node}) in graph terms. */
    private String resolve(String ref) {
      if (TensorNames.isControl(ref)) {
        String node = ref.substring(1);
        if (!body.containsKey(node)) {
          throw new IllegalStateException("function '" + name() + "' has a control input on unknown node '"
              + node + "'");
        }
        return TensorNames.control(renamed.get(node));
      }
      String[] parts = ref.split(":");
      if (parts.length == 1 || (parts.length == 2 && args.containsKey(parts[0]))) {
        String arg = args.get(parts[0]);
        if (arg != null) {
          return arg;
        }
        if (body.containsKey(parts[0])) {
          return TensorNames.data(renamed.get(parts[0]), 0);
        }
        throw new IllegalStateException("function '" + name() + "' refers to unknown tensor '" + ref + "'");
      }
      NodeDef producer = body.get(parts[0]);
      if (producer == null) {
        throw new IllegalStateException("function '" + name() + "' refers to unknown node in '" + ref + "'");
      }
      if (parts.length == 2) {
        return TensorNames.data(renamed.get(parts[0]), Integer.parseInt(parts[1]));
      }
      Integer start = outputArgStarts(producer).get(parts[1]);
      if (start == null) {
        throw new IllegalStateException("function '" + name() + "': op " + producer.getOp() + " of node '"
            + producer.getName() + "' has no output '" + parts[1] + "'");
      }
      return TensorNames.data(renamed.get(parts[0]), start + Integer.parseInt(parts[2]));
    }

    /** For each output arg of the producer's op: the flat index of its first tensor. */
    private Map<String, Integer> outputArgStarts(NodeDef producer) {
      return outputArgStarts.computeIfAbsent(producer.getName(), k -> {
        List<OpDef.ArgDef> outArgs;
        OpDef def = OpRegistry.opDef(producer.getOp());
        FunctionDef called = library.get(producer.getOp());
        if (called != null) {
          outArgs = called.getSignature().getOutputArgList();
        } else if (def != null) {
          outArgs = def.getOutputArgList();
        } else {
          throw new IllegalStateException("node '" + producer.getName() + "' of function '" + name()
              + "' uses op " + producer.getOp() + " which TensorFlow does not register here");
        }
        Map<String, Integer> starts = new HashMap<>();
        int index = 0;
        for (OpDef.ArgDef a : outArgs) {
          starts.put(a.getName(), index);
          index += argSize(producer, a);
        }
        return starts;
      });
    }

    private int argSize(NodeDef producer, OpDef.ArgDef a) {
      if (!a.getNumberAttr().isEmpty()) {
        return (int) attr(producer, a.getNumberAttr()).getI();
      }
      if (!a.getTypeListAttr().isEmpty()) {
        return attr(producer, a.getTypeListAttr()).getList().getTypeCount();
      }
      return 1;
    }

    private AttrValue attr(NodeDef producer, String attrName) {
      AttrValue v = OpRegistry.attr(producer, attrName);
      if (v != null && !v.getPlaceholder().isEmpty()) {
        v = callAttrs.get(v.getPlaceholder());
      }
      if (v == null) {
        throw new IllegalStateException("node '" + producer.getName() + "' of function '" + name()
            + "' lacks attr '" + attrName + "'");
      }
      return v;
    }
  }
}
