package dev.frontier.transforms.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.frontier.transforms.DenseSavedModels;
import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.data.Dataset;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorProto;

/** What import and the predictors refuse, and what their messages say. */
class ImportFailuresTest {
  private static final String MLP = "mnist-mlp-csdai0324";

  @TempDir
  Path temp;

  private Path copyOfMlp() {
    Path src = SharedFixtures.model(MLP);
    Path dst = temp.resolve("copy");
    try (Stream<Path> files = Files.walk(src)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
          target.toFile().setWritable(true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dst;
  }

  private static SavedModel readSavedModel(Path dir) throws IOException {
    return SavedModel.parseFrom(Files.readAllBytes(dir.resolve("saved_model.pb")));
  }

  private static void writeSavedModel(Path dir, SavedModel sm) throws IOException {
    Files.write(dir.resolve("saved_model.pb"), sm.toByteArray());
  }

  private static NodeDef stringConst(String name, String value) {
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_STRING).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder()
            .setDtype(DataType.DT_STRING).addStringVal(ByteString.copyFromUtf8(value))).build())
        .build();
  }

  private static NodeDef readFile(String name, String input) {
    return NodeDef.newBuilder().setName(name).setOp("ReadFile").addInput(input).build();
  }

  @Test
  void folderWithoutSavedModelPbIsRefused() throws IOException {
    Path empty = Files.createDirectories(temp.resolve("empty"));
    ModelImportException e = assertThrows(ModelImportException.class,
        () -> SavedModelImporter.importModel(ImportRequest.of("m1", empty)));
    assertEquals("model 'm1': " + empty + " is not a SavedModel (no saved_model.pb)", e.getMessage());
  }

  @Test
  void missingFolderIsRefused() {
    Path missing = temp.resolve("nowhere");
    ModelImportException e = assertThrows(ModelImportException.class,
        () -> SavedModelImporter.importModel(ImportRequest.of("m2", missing)));
    assertTrue(e.getMessage().startsWith("model 'm2': " + missing), e.getMessage());
  }

  @Test
  void garbageSavedModelPbIsRefused() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("garbage"));
    Files.write(dir.resolve("saved_model.pb"), new byte[] {0x0a, (byte) 0xff, 0x01, 0x02});
    ModelImportException e = assertThrows(ModelImportException.class,
        () -> SavedModelImporter.importModel(ImportRequest.of("m3", dir)));
    assertTrue(e.getMessage().startsWith("model 'm3': ") && e.getMessage().contains("saved_model.pb"), e.getMessage());
  }

  @Test
  void unknownSignatureListsTheAvailableOnes() {
    ImportRequest req = ImportRequest.builder("mlp", SharedFixtures.model(MLP)).signatureKey("predict").build();
    ModelImportException e = assertThrows(ModelImportException.class, () -> SavedModelImporter.importModel(req));
    assertEquals("model 'mlp': no signature 'predict'; available signatures: [serving_default]", e.getMessage());
  }

  @Test
  void unknownTagsListTheAvailableTagSets() {
    ImportRequest req = ImportRequest.builder("mlp", SharedFixtures.model(MLP)).tags("train").build();
    ModelImportException e = assertThrows(ModelImportException.class, () -> SavedModelImporter.importModel(req));
    assertTrue(e.getMessage().contains("[train]") && e.getMessage().contains("[serve]"), e.getMessage());
  }

  @Test
  void unknownOutputKeyListsTheOutputs() {
    ImportRequest req = ImportRequest.builder("mlp", SharedFixtures.model(MLP)).outputKey("logits").build();
    ModelImportException e = assertThrows(ModelImportException.class, () -> SavedModelImporter.importModel(req));
    assertTrue(e.getMessage().contains("no output 'logits'") && e.getMessage().contains("dense_1"), e.getMessage());
  }

  @Test
  void aModelWithoutServingDefaultImportsThroughItsOwnSignature() throws IOException {
    Path dir = copyOfMlp();
    SavedModel sm = readSavedModel(dir);
    MetaGraphDef mg = sm.getMetaGraphs(0);
    SignatureDef sig = mg.getSignatureDefOrThrow("serving_default");
    MetaGraphDef renamed = mg.toBuilder().removeSignatureDef("serving_default").putSignatureDef("classify", sig).build();
    writeSavedModel(dir, sm.toBuilder().setMetaGraphs(0, renamed).build());

    ModelImportException e = assertThrows(ModelImportException.class,
        () -> SavedModelImporter.importModel(ImportRequest.of("module", dir)));
    assertTrue(e.getMessage().endsWith("available signatures: [classify]"), e.getMessage());

    ModelIr ir = SavedModelImporter.importModel(
        ImportRequest.builder("module", dir).signatureKey("classify").build());
    assertEquals(2, ir.layers().size());
    Dataset d = SharedFixtures.mnistHead(200);
    try (IrPredictor p = new IrPredictor(ir)) {
      assertTrue(SharedData.accuracy(p, d, 200) > 0.9);
    }
  }

  @Test
  void truncatedVariablesFailFastNamingModelAndFile() throws IOException {
    Path dir = copyOfMlp();
    Path data = dir.resolve("variables").resolve("variables.data-00000-of-00001");
    try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    ModelImportException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
        assertThrows(ModelImportException.class, () -> SavedModelImporter.importModel(ImportRequest.of("cut", dir))));
    assertTrue(e.getMessage().startsWith("model 'cut': "), e.getMessage());
    assertTrue(e.getMessage().contains(data.toString()), e.getMessage());
  }

  @Test
  void missingVariableShardIsNamed() throws IOException {
    Path dir = copyOfMlp();
    Path data = dir.resolve("variables").resolve("variables.data-00000-of-00001");
    Files.move(data, dir.resolve("variables").resolve("variables.data-00000-of-00002"));
    ModelImportException e = assertThrows(ModelImportException.class,
        () -> SavedModelImporter.importModel(ImportRequest.of("shard", dir)));
    assertTrue(e.getMessage().contains("variables.data-00001-of-00002 is missing"), e.getMessage());
  }

  @Test
  void readFileInTheGraphIsRefusedUnlessTrusted() throws IOException {
    Path dir = copyOfMlp();
    SavedModel sm = readSavedModel(dir);
    MetaGraphDef mg = sm.getMetaGraphs(0);
    MetaGraphDef evil = mg.toBuilder().setGraphDef(mg.getGraphDef().toBuilder()
        .addNode(stringConst("evil/path", "/etc/passwd"))
        .addNode(readFile("evil/read", "evil/path"))).build();
    writeSavedModel(dir, sm.toBuilder().setMetaGraphs(0, evil).build());

    ModelImportException e = assertThrows(ModelImportException.class,
        () -> SavedModelImporter.importModel(ImportRequest.of("evil", dir)));
    assertTrue(e.getMessage().startsWith("model 'evil': refusing to load"), e.getMessage());
    assertTrue(e.getMessage().contains("op ReadFile (node 'evil/read' in the main graph) would read '/etc/passwd'"),
        e.getMessage());
    assertThrows(ModelImportException.class, () -> SignaturePredictor.open(ImportRequest.of("evil", dir)));

    ModelIr ir = SavedModelImporter.importModel(ImportRequest.builder("evil", dir).trusted(true).build());
    assertTrue(ir.graphDef().getNodeList().stream().noneMatch(n -> n.getOp().equals("ReadFile")));
  }

  @Test
  void readFileInAFunctionIsRefusedNamingTheFunction() throws IOException {
    Path dir = copyOfMlp();
    SavedModel sm = readSavedModel(dir);
    MetaGraphDef mg = sm.getMetaGraphs(0);
    var lib = mg.getGraphDef().getLibrary().toBuilder();
    FunctionDef f = lib.getFunction(0);
    lib.setFunction(0, f.toBuilder()
        .addNodeDef(stringConst("path", "/etc/shadow"))
        .addNodeDef(readFile("sneaky", "path:output:0")));
    MetaGraphDef evil = mg.toBuilder().setGraphDef(mg.getGraphDef().toBuilder().setLibrary(lib)).build();
    writeSavedModel(dir, sm.toBuilder().setMetaGraphs(0, evil).build());

    ModelImportException e = assertThrows(ModelImportException.class,
        () -> SavedModelImporter.importModel(ImportRequest.of("evil2", dir)));
    assertTrue(e.getMessage().contains("op ReadFile (node 'sneaky' in function '" + f.getSignature().getName()
        + "') would read '/etc/shadow'"), e.getMessage());
  }

  private static NodeDef node(String op, String name, String... inputs) {
    return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(List.of(inputs)).build();
  }

  @Test
  void refusedOpsNameTheConstantFileTheyWouldTouch() throws IOException {
    Path dir = copyOfMlp();
    SavedModel sm = readSavedModel(dir);
    MetaGraphDef mg = sm.getMetaGraphs(0);
    NodeDef print = node("PrintV2", "log_to_file", "user_path").toBuilder()
        .putAttr("output_stream", AttrValue.newBuilder().setS(ByteString.copyFromUtf8("file:///tmp/leak.log")).build())
        .build();
    MetaGraphDef evil = mg.toBuilder().setGraphDef(mg.getGraphDef().toBuilder()
        .addNode(stringConst("secret", "/etc/passwd"))
        .addNode(node("Identity", "secret/once", "secret"))
        .addNode(node("Identity", "secret/twice", "secret/once:0"))
        .addNode(node("ReadFile", "read_secret", "secret/twice"))
        .addNode(stringConst("drop", "/tmp/pwned"))
        .addNode(node("WriteFile", "write_secret", "drop:0", "read_secret"))
        .addNode(stringConst("keys", "/home/*/.ssh/id_*"))
        .addNode(node("MatchingFiles", "list_keys", "keys"))
        .addNode(node("Placeholder", "user_path"))
        .addNode(node("ReadFile", "read_fed", "user_path"))
        .addNode(print)).build();
    writeSavedModel(dir, sm.toBuilder().setMetaGraphs(0, evil).build());

    ModelImportException e = assertThrows(ModelImportException.class,
        () -> SavedModelImporter.importModel(ImportRequest.of("evil3", dir)));
    assertEquals("model 'evil3': refusing to load: the graph contains 5 ops that can touch files or run foreign code: ["
        + "op ReadFile (node 'read_secret' in the main graph) would read '/etc/passwd', "
        + "op WriteFile (node 'write_secret' in the main graph) would write '/tmp/pwned', "
        + "op MatchingFiles (node 'list_keys' in the main graph) would list files matching '/home/*/.ssh/id_*', "
        + "op ReadFile (node 'read_fed' in the main graph), "
        + "op PrintV2 (node 'log_to_file' in the main graph) would write 'file:///tmp/leak.log'"
        + "]; import with trusted=true if you built this model yourself", e.getMessage());
  }

  /** A 4 → 3 dense model whose kernel holds {@code kernel} and whose bias holds {@code bias}. */
  private Path denseModel(String name, float[] kernel, float[] bias) {
    return DenseSavedModels.write(temp.resolve(name), 4, kernel, bias);
  }

  private static float[] finite(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = 0.25f * (i - n / 2);
    }
    return v;
  }

  @Test
  void variablesHoldingNanOrInfinityAreRefusedNamingTheVariableAndTheCounts() {
    ModelIr fine = SavedModelImporter.importModel(ImportRequest.of("fine", denseModel("fine", finite(12), finite(3))));
    assertEquals(1, fine.layers().size());

    float[] kernel = finite(12);
    kernel[5] = Float.NaN;
    kernel[7] = Float.POSITIVE_INFINITY;
    kernel[8] = Float.NEGATIVE_INFINITY;
    Path diverged = denseModel("diverged", kernel, finite(3));
    ModelImportException e = assertThrows(ModelImportException.class,
        () -> SavedModelImporter.importModel(ImportRequest.of("diverged", diverged)));
    assertEquals("model 'diverged': variable '" + DenseSavedModels.KERNEL + "' holds 1 NaN and 2 ±Inf among its 12"
        + " values (the first at flat index 5): refusing a model whose weights are not finite numbers (a diverged"
        + " training run or a damaged checkpoint)", e.getMessage());

    float[] bias = finite(3);
    bias[2] = Float.NaN;
    Path badBias = denseModel("bad-bias", finite(12), bias);
    e = assertThrows(ModelImportException.class,
        () -> SavedModelImporter.importModel(ImportRequest.builder("bad-bias", badBias).trusted(true).build()));
    assertTrue(e.getMessage().startsWith("model 'bad-bias': variable '" + DenseSavedModels.BIAS + "' holds 1 NaN and"
        + " 0 ±Inf among its 3 values (the first at flat index 2)"), e.getMessage());
  }

  @Test
  void nonFiniteValuesAreCountedInEveryFloatingPointType() {
    TensorProto half = TensorProto.newBuilder().setDtype(DataType.DT_HALF)
        .setTensorShape(ConstTensors.shapeProto(new long[] {4}))
        .addHalfVal(0x3c00).addHalfVal(0x7e00).addHalfVal(0xfc00).addHalfVal(0x7bff).build();
    assertEquals(new FiniteWeights.Count(1, 1, 4, 1), FiniteWeights.count(half), "1.0, NaN, -Inf, 65504");
    TensorProto bfloat = TensorProto.newBuilder().setDtype(DataType.DT_BFLOAT16)
        .setTensorShape(ConstTensors.shapeProto(new long[] {3}))
        .setTensorContent(ByteString.copyFrom(new byte[] {(byte) 0x80, 0x3f, (byte) 0x80, 0x7f, (byte) 0xc0, 0x7f}))
        .build();
    assertEquals(new FiniteWeights.Count(1, 1, 3, 1), FiniteWeights.count(bfloat), "1.0, +Inf, NaN");
    TensorProto doubles = TensorProto.newBuilder().setDtype(DataType.DT_DOUBLE)
        .setTensorShape(ConstTensors.shapeProto(new long[] {2, 2}))
        .addDoubleVal(1).addDoubleVal(Double.NaN).build();
    assertEquals(new FiniteWeights.Count(3, 0, 4, 1), FiniteWeights.count(doubles), "TF's short form repeats the last value");
    assertEquals(new FiniteWeights.Count(0, 1, 3, 2),
        FiniteWeights.count(ConstTensors.floatTensor(new long[] {3}, new float[] {0, -0f, Float.NEGATIVE_INFINITY})));
    TensorProto ints = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
        .setTensorShape(ConstTensors.shapeProto(new long[] {1})).addIntVal(-1).build();
    assertTrue(FiniteWeights.count(ints).allFinite());
  }

  @Test
  void rowsOfTheWrongWidthNameModelInputAndShapes() {
    ImportRequest req = ImportRequest.of("mlp", SharedFixtures.model(MLP));
    ModelIr ir = SavedModelImporter.importModel(req);
    float[][] rows = new float[3][4];
    String expected = "model 'mlp' input 'flatten_input' wants 28x28 = 784 values per row; rows have 4";
    try (IrPredictor p = new IrPredictor(ir)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.predict(rows, List.of()));
      assertEquals(expected, e.getMessage());
    }
    try (SignaturePredictor p = SignaturePredictor.open(req)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.predict(rows, List.of()));
      assertEquals(expected, e.getMessage());
    }
  }

  @Test
  void predictorsNeedExactlyOneInput() {
    ModelIr twoInputs = ModelIr.of("two", org.tensorflow.proto.GraphDef.getDefaultInstance(),
        List.of(new TensorSpec("a", "a:0", DataType.DT_FLOAT, new long[] {-1, 2}),
            new TensorSpec("b", "b:0", DataType.DT_FLOAT, new long[] {-1, 2})),
        List.of(new TensorSpec("y", "y:0", DataType.DT_FLOAT, new long[] {-1, 2})));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IrPredictor(twoInputs));
    assertTrue(e.getMessage().startsWith("model 'two' has 2 inputs"), e.getMessage());
  }
}
