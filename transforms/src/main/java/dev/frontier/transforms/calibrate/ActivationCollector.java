package dev.frontier.transforms.calibrate;

import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.PredictorIo;
import dev.frontier.transforms.model.SessionRunTime;
import dev.frontier.transforms.model.TensorNames;
import dev.frontier.transforms.model.TensorSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.DataType;

/**
 * Runs a model's IR on calibration rows and hands the values of every tapped tensor to the statistics.
 *
 * <p>One Graph and one Session per collector, reused for every batch, so a shard of rows costs one graph
 * import however many batches it has; rows go in batches of {@code batchRows} to bound the memory the
 * fetched activations take. Rows are fed exactly as predictors feed them ({@link PredictorIo#inputTensor}),
 * so float and tf.Example inputs both work; a tap that is the fed input itself (a first Conv2D reading the
 * placeholder) is read from the fed tensor, since TF refuses to fetch a fed tensor; when that is the only
 * tap (one layer reading the input directly), the Session is not run at all. Every Tensor and Result is
 * closed within the call; close the collector when done (the Session is closed before the Graph). Not
 * thread-safe: one per thread.
 */
public final class ActivationCollector implements AutoCloseable {
  /** Rows per Session.run: 128 MNIST-sized rows fetch a few MB of activations. */
  public static final int DEFAULT_BATCH_ROWS = 128;

  private final ModelIr ir;
  private final TensorSpec input;
  private final List<String> taps;
  /** The taps to fetch: all but the fed input, which TF will not fetch (its values are the fed tensor's). */
  private final List<String> fetched;
  private final int batchRows;
  private final Graph graph;
  private final Session session;
  private boolean closed;

  /** A collector for {@code taps} of {@code ir}, {@value #DEFAULT_BATCH_ROWS} rows per run. */
  public ActivationCollector(ModelIr ir, ActivationTaps taps) {
    this(ir, taps, DEFAULT_BATCH_ROWS);
  }

  /**
   * @throws IllegalArgumentException when the taps are of another model or name a tensor the graph lacks,
   *     or the model does not have exactly one input
   */
  public ActivationCollector(ModelIr ir, ActivationTaps taps, int batchRows) {
    if (!taps.modelId().equals(ir.modelId())) {
      throw new IllegalArgumentException("taps of model '" + taps.modelId() + "' used on model '" + ir.modelId() + "'");
    }
    if (ir.inputs().size() != 1) {
      throw new IllegalArgumentException("model '" + ir.modelId() + "' has " + ir.inputs().size()
          + " inputs; calibration feeds exactly one");
    }
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows must be at least 1, got " + batchRows);
    }
    this.ir = ir;
    this.input = ir.inputs().get(0);
    this.taps = taps.tensorNames();
    this.fetched = this.taps.stream().filter(t -> !t.equals(input.tensorName())).collect(Collectors.toList());
    this.batchRows = batchRows;
    Graph g = new Graph();
    try {
      g.importGraphDef(ir.graphDef());
      for (String t : this.taps) {
        if (g.operation(TensorNames.nodeName(t)) == null) {
          throw new IllegalArgumentException("model '" + ir.modelId() + "' has no tensor '" + t + "' to calibrate");
        }
      }
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
    this.graph = g;
    this.session = new Session(g);
  }

  /**
   * Runs every row through the model, batch by batch, adding the tapped tensors' values and the row
   * count to {@code into}.
   *
   * @throws IllegalArgumentException naming the model when the rows do not fit its input
   */
  public void collect(float[][] rows, List<String> featureNames, CalibrationStatistics into) {
    checkRows(rows);
    for (int start = 0; start < rows.length; start += batchRows) {
      float[][] batch = Arrays.copyOfRange(rows, start, Math.min(rows.length, start + batchRows));
      for (Map.Entry<String, float[]> e : activations(batch, featureNames).entrySet()) {
        into.add(e.getKey(), e.getValue());
      }
      into.addRows(batch.length);
    }
  }

  /** Tensor name → all its values for these rows (flattened), in tap order; one Session.run. */
  public Map<String, float[]> activations(float[][] rows, List<String> featureNames) {
    checkRows(rows);
    Map<String, float[]> values = new LinkedHashMap<>();
    if (rows.length == 0) {
      return values;
    }
    try (Tensor in = PredictorIo.inputTensor(ir.modelId(), input, rows, featureNames)) {
      if (fetched.isEmpty()) {
        // Every tap is the fed input (a one-layer model reading its input directly): nothing to run, and TF
        // refuses a run that fetches nothing.
        for (String t : taps) {
          values.put(t, floats(t, in));
        }
        return values;
      }
      Session.Runner runner = session.runner().feed(input.tensorName(), in);
      fetched.forEach(runner::fetch);
      long startNanos = System.nanoTime();
      try (Result result = runner.run()) {
        SessionRunTime.add(System.nanoTime() - startNanos);
        for (String t : taps) {
          int i = fetched.indexOf(t);
          values.put(t, floats(t, i < 0 ? in : result.get(i)));
        }
      }
    }
    return values;
  }

  private float[] floats(String name, Tensor t) {
    if (t.dataType() != DataType.DT_FLOAT) {
      throw new IllegalArgumentException("model '" + ir.modelId() + "' tensor '" + name + "' is " + t.dataType()
          + "; calibration observes float activations");
    }
    float[] v = new float[Math.toIntExact(t.shape().size())];
    t.asRawTensor().data().asFloats().read(v);
    return v;
  }

  /** Rows must be as wide as a float input wants (a tf.Example input is checked when encoding). */
  private void checkRows(float[][] rows) {
    long wants = input.dataType() == DataType.DT_FLOAT ? input.valuesPerRow() : -1;
    for (int i = 0; i < rows.length; i++) {
      if (wants >= 0 && rows[i].length != wants) {
        throw new IllegalArgumentException("model '" + ir.modelId() + "': calibration row " + i + " has "
            + rows[i].length + " values but input '" + input.key() + "' " + input.shapeString() + " takes "
            + wants + " per row");
      }
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      session.close();
      graph.close();
    }
  }
}
