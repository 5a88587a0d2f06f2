package dev.frontier.transforms.compress;

import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.data.Splits;
import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.LayerInfo;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.PredictorIo;
import dev.frontier.transforms.model.TensorNames;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.framework.losses.CategoricalCrossentropy;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.ThreadPoolOptionProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Masked fine-tuning of a compressed float graph on labelled training rows, in TF Java: every layer weight and
 * bias Const becomes a fed tensor, TF computes the gradient of the mean cross-entropy with respect to each
 * ({@code Graph.addGradients}), and Adam with a cosine-decayed rate updates them in Java. Weights that are zero
 * when fine-tuning starts (pruned) get no update and stay exactly zero; channels structured pruning removed are
 * not in the graph at all. Quantization is applied afterwards, to the fine-tuned graph.
 *
 * <p>The loss reads the logits: the input of the graph's final Softmax when its primary output is one, else the
 * output itself. Deterministic for a seed: rows are shuffled by a seeded generator and the session runs on one
 * thread, so TF reduces in a fixed order.
 */
public final class FineTune {
  /** The name the sweep's {@code recovery} axis uses. */
  public static final String NAME = "fine-tune";
  private static final Logger LOG = LoggerFactory.getLogger(FineTune.class);
  private static final float BETA_1 = 0.9f;
  private static final float BETA_2 = 0.999f;
  private static final float EPSILON = 1e-7f;
  private static final String SCOPE = "frontier_fine_tune";
  private static final ConfigProto ONE_THREAD = ConfigProto.newBuilder()
      .setIntraOpParallelismThreads(1)
      .setInterOpParallelismThreads(1)
      .addSessionInterOpThreadPool(ThreadPoolOptionProto.newBuilder().setNumThreads(1))
      .build();

  /**
   * How long and how fast to fine-tune.
   *
   * @param epochs passes over the training rows (≥ 1)
   * @param learningRate Adam's rate at the first step, decayed along a cosine to 0 at the last
   * @param batchRows rows per step
   * @param seed seed of the row order
   */
  public record Settings(int epochs, double learningRate, int batchRows, long seed) implements Serializable {
    public Settings {
      if (epochs < 1 || batchRows < 1 || !(learningRate > 0 && learningRate < 1)) {
        throw new IllegalArgumentException("fine-tune needs epochs >= 1, batch_rows >= 1 and a learning rate in (0, 1),"
            + " got " + epochs + ", " + batchRows + ", " + learningRate);
      }
    }
  }

  private FineTune() {}

  /**
   * {@code ir} fine-tuned on {@code train}: the same graph with new weight and bias values.
   *
   * @throws IllegalArgumentException naming the model when there are fewer rows than one batch, no layer to
   *     train, or TF cannot differentiate the graph
   */
  public static ModelIr apply(ModelIr ir, Dataset train, Settings settings) {
    if (train.size() < settings.batchRows()) {
      throw new IllegalArgumentException(NAME + " of model '" + ir.modelId() + "': " + train.size()
          + " training rows, fewer than one batch of " + settings.batchRows());
    }
    Map<String, float[]> values = trainable(ir);
    Map<String, long[]> shapes = new LinkedHashMap<>();
    Map<String, boolean[]> frozen = new LinkedHashMap<>();
    GraphDef fed = fedGraph(ir, values.keySet(), shapes);
    values.forEach((name, v) -> {
      boolean[] zero = new boolean[v.length];
      for (int i = 0; i < v.length; i++) {
        zero[i] = v[i] == 0f;
      }
      frozen.put(name, zero);
    });
    long start = System.nanoTime();
    try (Graph graph = new Graph()) {
      graph.importGraphDef(fed);
      Ops tf = Ops.create(graph).withSubScope(SCOPE);
      Placeholder<TInt32> labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(classes(ir)), tf.constant(1f), tf.constant(0f));
      Operand<TFloat32> loss = new CategoricalCrossentropy(true).call(tf, oneHot, logits(graph, ir), null);
      List<String> names = new ArrayList<>(values.keySet());
      Output<?>[] weights = names.stream().map(n -> graph.operation(n).output(0)).toArray(Output<?>[]::new);
      Output<?>[] gradients;
      try {
        gradients = graph.addGradients(loss.asOutput(), weights);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(NAME + " of model '" + ir.modelId() + "': TF cannot differentiate its graph: "
            + e.getMessage(), e);
      }
      try (Session session = new Session(graph, ONE_THREAD)) {
        train(ir, session, train, settings, names, values, shapes, frozen, labels, loss, gradients);
      }
    }
    LOG.info("{} of model '{}': {} epochs over {} rows in {} s", NAME, ir.modelId(), settings.epochs(), train.size(),
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
    return withValues(ir, values);
  }

  private static void train(ModelIr ir, Session session, Dataset rows, Settings settings, List<String> names,
      Map<String, float[]> values, Map<String, long[]> shapes, Map<String, boolean[]> frozen,
      Placeholder<TInt32> labels, Operand<TFloat32> loss, Output<?>[] gradients) {
    Map<String, float[]> m = new LinkedHashMap<>();
    Map<String, float[]> v = new LinkedHashMap<>();
    names.forEach(n -> {
      m.put(n, new float[values.get(n).length]);
      v.put(n, new float[values.get(n).length]);
    });
    SplittableRandom random = new SplittableRandom(settings.seed());
    int[] order = new int[rows.size()];
    Arrays.setAll(order, i -> i);
    int steps = rows.size() / settings.batchRows();
    long total = (long) steps * settings.epochs();
    long step = 0;
    for (int epoch = 0; epoch < settings.epochs(); epoch++) {
      Splits.shuffle(order, random);
      double lossSum = 0;
      for (int s = 0; s < steps; s++) {
        step++;
        float[][] x = new float[settings.batchRows()][];
        int[] y = new int[settings.batchRows()];
        for (int i = 0; i < x.length; i++) {
          x[i] = rows.features()[order[s * settings.batchRows() + i]];
          y[i] = rows.labels()[order[s * settings.batchRows() + i]];
        }
        List<Tensor> fed = new ArrayList<>();
        try {
          Tensor input = PredictorIo.inputTensor(ir.modelId(), ir.inputs().get(0), x, rows.featureNames());
          fed.add(input);
          TInt32 labelTensor = TInt32.vectorOf(y);
          fed.add(labelTensor);
          Session.Runner runner = session.runner().feed(ir.inputs().get(0).tensorName(), input).feed(labels, labelTensor);
          for (String n : names) {
            TFloat32 w = TFloat32.tensorOf(Shape.of(shapes.get(n)), DataBuffers.of(values.get(n), true, false));
            fed.add(w);
            runner.feed(n, w);
          }
          runner.fetch(loss);
          for (Output<?> g : gradients) {
            runner.fetch(g);
          }
          try (Result r = runner.run()) {
            lossSum += ((TFloat32) r.get(0)).getFloat();
            float rate = (float) (settings.learningRate() * 0.5 * (1 + Math.cos(Math.PI * (step - 1) / total)));
            for (int i = 0; i < names.size(); i++) {
              String n = names.get(i);
              float[] g = new float[values.get(n).length];
              ((TFloat32) r.get(i + 1)).copyTo(DataBuffers.of(g, false, false));
              adam(values.get(n), g, m.get(n), v.get(n), frozen.get(n), rate, step);
            }
          }
        } finally {
          fed.forEach(Tensor::close);
        }
      }
      LOG.debug("{} of model '{}': epoch {}/{} mean loss {}", NAME, ir.modelId(), epoch + 1, settings.epochs(),
          String.format(Locale.ROOT, "%.4f", lossSum / steps));
    }
  }

  /** One Adam step on {@code w} (Kingma and Ba's update with bias-corrected moments); frozen entries stay. */
  private static void adam(float[] w, float[] g, float[] m, float[] v, boolean[] frozen, float rate, long step) {
    double c1 = 1 - Math.pow(BETA_1, step);
    double c2 = 1 - Math.pow(BETA_2, step);
    for (int i = 0; i < w.length; i++) {
      if (frozen[i]) {
        continue;
      }
      m[i] = BETA_1 * m[i] + (1 - BETA_1) * g[i];
      v[i] = BETA_2 * v[i] + (1 - BETA_2) * g[i] * g[i];
      w[i] -= (float) (rate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON));
    }
  }

  /** Weight and bias Consts of every layer, by node name, with their values. */
  private static Map<String, float[]> trainable(ModelIr ir) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (LayerWeights.Weight w : LayerWeights.read(NAME, ir)) {
      out.put(w.nodeName(), w.values().clone());
    }
    GraphIndex graph = new GraphIndex(ir);
    for (LayerInfo layer : ir.layers()) {
      BiasAdd bias = BiasAdd.of(layer, graph);
      if (bias != null) {
        out.put(bias.constNode(), bias.values().clone());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(NAME + " of model '" + ir.modelId() + "': no layer weight to train");
    }
    return out;
  }

  /** The graph with each trainable Const turned into a Placeholder of the same name, dtype and shape. */
  private static GraphDef fedGraph(ModelIr ir, java.util.Set<String> names, Map<String, long[]> shapes) {
    GraphDef.Builder b = ir.graphDef().toBuilder();
    for (int i = 0; i < b.getNodeCount(); i++) {
      NodeDef n = b.getNode(i);
      if (names.contains(n.getName())) {
        long[] shape = ConstTensors.shape(ConstTensors.value(n));
        shapes.put(n.getName(), shape);
        b.setNode(i, NodeDef.newBuilder().setName(n.getName()).setOp("Placeholder")
            .addAllInput(n.getInputList())
            .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
            .putAttr("shape", AttrValue.newBuilder().setShape(ConstTensors.shapeProto(shape)).build())
            .build());
      }
    }
    return b.build();
  }

  /** Classes: the last dimension of the primary output. */
  private static int classes(ModelIr ir) {
    long[] shape = ir.primaryOutput().shape();
    if (shape == null || shape.length == 0 || shape[shape.length - 1] < 2) {
      throw new IllegalArgumentException(NAME + " of model '" + ir.modelId() + "': the output's shape "
          + ir.primaryOutput().shapeString() + " does not name the number of classes");
    }
    return Math.toIntExact(shape[shape.length - 1]);
  }

  /** The logits: the input of a final Softmax, else the primary output. */
  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> logits(Graph graph, ModelIr ir) {
    String out = ir.primaryOutput().tensorName();
    NodeDef node = new GraphIndex(ir).node(TensorNames.nodeName(out));
    String tensor = node != null && "Softmax".equals(node.getOp()) ? TensorNames.withIndex(node.getInput(0)) : out;
    Output<?> logits = graph.operation(TensorNames.nodeName(tensor)).output(TensorNames.outputIndex(tensor));
    return (Operand<TFloat32>) (Operand<?>) logits;
  }

  private static ModelIr withValues(ModelIr ir, Map<String, float[]> values) {
    GraphDef.Builder b = ir.graphDef().toBuilder();
    for (int i = 0; i < b.getNodeCount(); i++) {
      NodeDef n = b.getNode(i);
      float[] v = values.get(n.getName());
      if (v != null) {
        b.setNode(i, ConstTensors.constNode(n.getName(), ConstTensors.floatTensor(ConstTensors.shape(
            ConstTensors.value(n)), v), n.getInputList().stream().filter(TensorNames::isControl).toList()));
      }
    }
    return ir.withGraph(b.build());
  }
}
