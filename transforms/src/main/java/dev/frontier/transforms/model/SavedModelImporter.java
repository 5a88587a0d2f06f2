package dev.frontier.transforms.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * SavedModel → {@link ModelIr}: the "ImportModel" stage of the pipeline, as a plain function.
 *
 * <p>Steps (docs/DESIGN.md, "The IR: a frozen GraphDef"): check and parse the folder and refuse unsafe
 * ops ({@link SavedModelSource}, {@link OpSafetyPolicy}) before TF loads anything; make the signature
 * inputs Placeholders and cut the main graph to the signature's fan-in; inline function calls
 * ({@link FunctionInliner}); load the bundle so TF restores the checkpoint and freeze variables into
 * Consts ({@link VariableFreezer}), refusing variables that hold NaN or ±Inf ({@link FiniteWeights}); prune;
 * remove Identity/NoOp clutter ({@link IdentityRemover}); fold constant subgraphs ({@link ConstantFolder})
 * and BatchNorm ({@link BatchNormFolder}); prune again; find
 * layers ({@link LayerFinder}); finally check that TF accepts the result and that no variable is left.
 *
 * <p>Every failure is a {@link ModelImportException} naming the model.
 */
public final class SavedModelImporter {
  private static final Logger LOG = LoggerFactory.getLogger(SavedModelImporter.class);
  private static final Set<String> VARIABLE_OPS = Set.of("VarHandleOp", "VariableV2", "Variable");

  private SavedModelImporter() {}

  public static ModelIr importModel(ImportRequest request) {
    long startNanos = System.nanoTime();
    SavedModelSource source = SavedModelSource.open(request);
    String id = request.modelId();

    InputPlaceholders.Result withInputs = stage(id, "placing inputs", () ->
        InputPlaceholders.apply(source.metaGraph().getGraphDef(), source.inputs()));
    List<TensorSpec> inputs = withInputs.inputs();
    List<TensorSpec> outputs = source.outputs();
    Set<String> inputNodes = new HashSet<>();
    inputs.forEach(i -> inputNodes.add(i.nodeName()));
    List<String> outputNodes = new ArrayList<>();
    outputs.forEach(o -> outputNodes.add(o.nodeName()));
    Set<String> signatureNodes = new HashSet<>(inputNodes);
    signatureNodes.addAll(outputNodes);
    UnaryOperator<GraphDef> prune = g -> GraphPruner.prune(g, outputNodes, inputNodes);

    GraphDef signatureGraph = stage(id, "pruning to the signature", () -> prune.apply(withInputs.graph()));
    GraphDef inlined = stage(id, "inlining functions", () -> prune.apply(FunctionInliner.inline(signatureGraph)));
    VariableFreezer.Frozen withValues;
    try (SavedModelBundle bundle = source.load()) {
      withValues = stage(id, "freezing variables", () ->
          VariableFreezer.freeze(inlined, bundle.session(), bundle.graph()));
    }
    FiniteWeights.check(id, withValues.variables());
    GraphDef frozen = stage(id, "pruning the frozen graph", () -> prune.apply(withValues.graph()));
    GraphDef cleaned = stage(id, "removing identities", () -> prune.apply(IdentityRemover.remove(frozen, signatureNodes)));
    GraphDef constant = stage(id, "folding constants", () -> prune.apply(ConstantFolder.fold(cleaned, signatureNodes)));
    GraphDef folded = stage(id, "folding batch norm", () -> prune.apply(BatchNormFolder.fold(constant, signatureNodes)));
    checkFrozen(id, folded);
    checkLoadable(id, folded);
    ModelIr ir = ModelIr.of(id, folded, inputs, outputs);
    LOG.info("imported model '{}' from {} in {} ms: {} nodes, {} layers, {} parameters", id,
        request.savedModelDir(), (System.nanoTime() - startNanos) / 1_000_000, ir.nodeCount(),
        ir.layers().size(), ir.parameterCount());
    return ir;
  }

  private interface Stage<T> {
    T run();
  }

  /** Runs one step; an unexpected exception becomes a ModelImportException naming model and step. */
  private static <T> T stage(String id, String step, Stage<T> body) {
    try {
      return body.run();
    } catch (ModelImportException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ModelImportException.of(id, step + " failed: " + e.getMessage(), e);
    }
  }

  private static void checkFrozen(String id, GraphDef graph) {
    for (NodeDef n : graph.getNodeList()) {
      if (VARIABLE_OPS.contains(n.getOp())) {
        List<String> users = new ArrayList<>();
        for (NodeDef u : graph.getNodeList()) {
          for (String in : u.getInputList()) {
            if (TensorNames.nodeName(in).equals(n.getName())) {
              users.add(u.getName() + " (" + u.getOp() + ")");
            }
          }
        }
        throw ModelImportException.of(id, "variable '" + n.getName() + "' is still used after freezing by "
            + users + "; the importer freezes only ReadVariableOp/ResourceGather reads and TF1 variables");
      }
    }
  }

  /** TF must accept the IR as it is; an error here is a bug in the importer, caught at import time. */
  private static void checkLoadable(String id, GraphDef graph) {
    try (Graph g = new Graph()) {
      g.importGraphDef(graph);
    } catch (RuntimeException e) {
      throw ModelImportException.of(id, "the imported graph does not load into TensorFlow: " + e.getMessage(), e);
    }
  }
}
