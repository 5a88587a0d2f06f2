package dev.frontier.transforms.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.types.TFloat32;

/**
 * Inlining on a hand-written library that exercises what Keras graphs rarely do: list-valued outputs
 * sized by number_attr (Split, Unpack) and type_list_attr (IdentityN, nested calls), nested calls,
 * control inputs on the call and {@code ^call} references. TF runs the graph before and after.
 */
class FunctionInlinerTest {

  private static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }

  private static AttrValue types(DataType... t) {
    return AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder().addAllType(List.of(t))).build();
  }

  private static AttrValue i(long v) {
    return AttrValue.newBuilder().setI(v).build();
  }

  private static AttrValue func(String name) {
    return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name)).build();
  }

  private static NodeDef node(String name, String op, List<String> inputs, Map<String, AttrValue> attrs) {
    return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(inputs).putAllAttr(attrs).build();
  }

  private static NodeDef floatConst(String name, float v) {
    return ConstTensors.constNode(name, ConstTensors.floatTensor(new long[0], new float[] {v}));
  }

  private static OpDef.ArgDef arg(String name) {
    return OpDef.ArgDef.newBuilder().setName(name).setType(DataType.DT_FLOAT).build();
  }

  /** split3(x) = (third column pair of x, 2 * first column pair): Split with num_split=3 and an IdentityN. */
  private static FunctionDef split3() {
    NodeDef axis = ConstTensors.constNode("axis", TensorProto.newBuilder().setDtype(DataType.DT_INT32)
        .setTensorShape(ConstTensors.shapeProto(new long[0])).addIntVal(1).build());
    return FunctionDef.newBuilder()
        .setSignature(OpDef.newBuilder().setName("split3").addInputArg(arg("x")).addOutputArg(arg("a")).addOutputArg(arg("b")))
        .addNodeDef(axis)
        .addNodeDef(node("split", "Split", List.of("axis:output:0", "x"),
            Map.of("num_split", i(3), "T", type(DataType.DT_FLOAT))))
        .addNodeDef(node("swap", "IdentityN", List.of("split:output:2", "split:output:0"),
            Map.of("T", types(DataType.DT_FLOAT, DataType.DT_FLOAT))))
        .addNodeDef(floatConst("two", 2f))
        .addNodeDef(node("scaled", "Mul", List.of("swap:output:1", "two:output:0"), Map.of("T", type(DataType.DT_FLOAT))))
        .putRet("a", "swap:output:0")
        .putRet("b", "scaled:z:0")
        .build();
  }

  /** outer(x) = (split3(x).a - split3(x).b + 1, column 4 of x via Unpack num=6). */
  private static FunctionDef outer() {
    return FunctionDef.newBuilder()
        .setSignature(OpDef.newBuilder().setName("outer").addInputArg(arg("x")).addOutputArg(arg("y")).addOutputArg(arg("col")))
        .addNodeDef(node("inner", "StatefulPartitionedCall", List.of("x"), Map.of(
            "Tin", types(DataType.DT_FLOAT), "Tout", types(DataType.DT_FLOAT, DataType.DT_FLOAT), "f", func("split3"))))
        .addNodeDef(node("diff", "Sub", List.of("inner:output:0", "inner:output:1"), Map.of("T", type(DataType.DT_FLOAT))))
        .addNodeDef(floatConst("one", 1f))
        .addNodeDef(node("y", "AddV2", List.of("diff:z:0", "one:output:0"), Map.of("T", type(DataType.DT_FLOAT))))
        .addNodeDef(node("unstacked", "Unpack", List.of("x"), Map.of("num", i(6), "axis", i(1), "T", type(DataType.DT_FLOAT))))
        .putRet("y", "y:z:0")
        .putRet("col", "unstacked:output:4")
        .build();
  }

  private static GraphDef graph() {
    NodeDef x = node("x", "Placeholder", List.of(), Map.of("dtype", type(DataType.DT_FLOAT),
        "shape", AttrValue.newBuilder().setShape(ConstTensors.shapeProto(new long[] {-1, 6})).build()));
    return GraphDef.newBuilder()
        .addNode(x)
        .addNode(node("start", "NoOp", List.of(), Map.of()))
        .addNode(node("call", "PartitionedCall", List.of("x", "^start"), Map.of(
            "Tin", types(DataType.DT_FLOAT), "Tout", types(DataType.DT_FLOAT, DataType.DT_FLOAT), "f", func("outer"))))
        .addNode(node("y", "Identity", List.of("call"), Map.of("T", type(DataType.DT_FLOAT))))
        .addNode(node("col", "Identity", List.of("call:1"), Map.of("T", type(DataType.DT_FLOAT))))
        .addNode(node("after", "Identity", List.of("x", "^call"), Map.of("T", type(DataType.DT_FLOAT))))
        .setLibrary(FunctionDefLibrary.newBuilder().addFunction(outer()).addFunction(split3()))
        .build();
  }

  private static float[][] run(GraphDef g, float[] x, int rows) {
    float[][] out = new float[3][];
    try (Graph graph = new Graph()) {
      graph.importGraphDef(g);
      try (Session s = new Session(graph);
          TFloat32 in = TFloat32.tensorOf(Shape.of(rows, 6), DataBuffers.of(x, true, false));
          Result r = s.runner().feed("x:0", in).fetch("y:0").fetch("col:0").fetch("after:0").run()) {
        for (int k = 0; k < 3; k++) {
          TFloat32 t = (TFloat32) r.get(k);
          out[k] = new float[(int) t.shape().size()];
          t.asRawTensor().data().asFloats().read(out[k]);
        }
      }
    }
    return out;
  }

  @Test
  void inlinedGraphComputesWhatTheCallsComputed() {
    GraphDef g = graph();
    GraphDef flat = GraphPruner.prune(FunctionInliner.inline(g), List.of("y", "col", "after"), Set.of("x"));

    Set<String> ops = flat.getNodeList().stream().map(NodeDef::getOp).collect(Collectors.toSet());
    assertFalse(ops.contains("PartitionedCall") || ops.contains("StatefulPartitionedCall"), ops.toString());
    assertEquals(0, flat.getLibrary().getFunctionCount());
    Map<String, NodeDef> byName = flat.getNodeList().stream().collect(Collectors.toMap(NodeDef::getName, n -> n));
    assertEquals("IdentityN", byName.get("call").getOp());
    assertEquals(List.of("call/inner/swap:1", "call/inner/two"), byName.get("call/inner/scaled").getInputList());
    assertEquals(List.of("call/inner/split:2", "call/inner/split"), byName.get("call/inner/swap").getInputList());
    assertEquals(List.of("call/unstacked:4"), byName.get("call").getInputList().subList(1, 2));
    assertTrue(byName.get("call/one").getInputList().contains("^start"), "input-less body nodes wait for the call's control inputs");

    Random random = new Random(7);
    int rows = 5;
    float[] x = new float[rows * 6];
    for (int k = 0; k < x.length; k++) {
      x[k] = random.nextFloat();
    }
    float[][] expected = run(g, x, rows);
    float[][] actual = run(flat, x, rows);
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(expected[k], actual[k], 0f, "output " + k);
    }
    // y = x[:, 4:6] - 2 * x[:, 0:2] + 1, checked by hand for the first row.
    assertEquals(x[4] - 2 * x[0] + 1, actual[0][0], 1e-6f);
    assertEquals(x[4], actual[1][0], 0f);
  }

  @Test
  void identityRemovalKeepsTheResultAndDropsTheClutter() {
    GraphDef flat = GraphPruner.prune(FunctionInliner.inline(graph()), List.of("y", "col", "after"), Set.of("x"));
    GraphDef clean = GraphPruner.prune(IdentityRemover.remove(flat, Set.of("x", "y", "col", "after")),
        List.of("y", "col", "after"), Set.of("x"));
    Set<String> names = clean.getNodeList().stream().map(NodeDef::getName).collect(Collectors.toSet());
    assertFalse(names.contains("call"), names.toString());
    assertFalse(names.contains("call/inner/swap"), names.toString());
    float[] x = new float[12];
    for (int k = 0; k < x.length; k++) {
      x[k] = k / 7f;
    }
    float[][] expected = run(graph(), x, 2);
    float[][] actual = run(clean, x, 2);
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(expected[k], actual[k], 0f, "output " + k);
    }
  }
}
