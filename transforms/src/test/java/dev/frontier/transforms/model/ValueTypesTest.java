package dev.frontier.transforms.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/** The public value types: request defaults, IR serialization and parameter counting. */
class ValueTypesTest {

  private static TensorSpec floatInput(long... shape) {
    return new TensorSpec("in", "in:0", DataType.DT_FLOAT, shape);
  }

  @Test
  void importRequestDefaults() {
    ImportRequest r = ImportRequest.of("m", Path.of("/models/m"));
    assertEquals("serving_default", r.signatureKey());
    assertEquals(List.of("serve"), r.tags());
    assertFalse(r.trusted());
    assertNull(r.outputKey());
    ImportRequest custom = ImportRequest.builder("m", Path.of("/models/m"))
        .signatureKey("predict").tags("serve", "gpu").trusted(true).outputKey("logits").build();
    assertEquals(new ImportRequest("m", Path.of("/models/m"), "predict", List.of("serve", "gpu"), true, "logits"), custom);
  }

  @Test
  void modelIrSurvivesJavaSerializationAndCountsLayerWeights() throws IOException, ClassNotFoundException {
    NodeDef w = ConstTensors.constNode("w", ConstTensors.floatTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
    GraphDef g = GraphDef.newBuilder()
        .addNode(NodeDef.newBuilder().setName("x").setOp("Placeholder"))
        .addNode(w)
        .addNode(NodeDef.newBuilder().setName("y").setOp("MatMul").addInput("x").addInput("w"))
        .build();
    ModelIr ir = ModelIr.of("s", g, List.of(floatInput(-1, 2)), List.of(new TensorSpec("y", "y", DataType.DT_FLOAT, new long[] {-1, 3})));
    assertEquals(6, ir.parameterCount());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(ir);
    }
    ModelIr back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (ModelIr) in.readObject();
    }
    assertEquals(g, back.graphDef());
    assertEquals(ir.inputs(), back.inputs());
    assertEquals(ir.outputs(), back.outputs());
    assertEquals(ir.layers(), back.layers());
    assertEquals("y:0", back.primaryOutput().tensorName());
  }
}
