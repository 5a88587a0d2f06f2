package dev.frontier.transforms.model;

import com.google.protobuf.ByteString;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * An IR as a SavedModel that TensorFlow loads on its own: the bytes of its {@code saved_model.pb}, one meta
 * graph holding the IR's frozen graph unchanged and one signature with the source model's key, input and
 * output keys, dtypes and shapes. Weights are Const nodes (int8 as DT_INT8, fp16 as DT_HALF, as the
 * compression stored them), so there is no {@code variables/} folder, no checkpoint and no training state:
 * TensorFlow's loader skips the restore when a SavedModel has no variables index.
 *
 * <p>Deterministic: the same IR, signature key and tags give the same bytes on every run and machine with
 * the same TensorFlow build (the graph bytes are the IR's own; the signature maps are filled in key order).
 */
public final class ServingSavedModel {
  /** The file a SavedModel folder must hold. */
  public static final String FILE = SavedModelSource.SAVED_MODEL_FILE;
  /** The signature method TF Serving's Predict API and {@code saved_model_cli} expect. */
  public static final String PREDICT_METHOD = "tensorflow/serving/predict";

  private ServingSavedModel() {}

  /**
   * The {@code saved_model.pb} bytes of {@code ir} under {@code signatureKey}, tagged {@code tags}.
   *
   * @throws IllegalStateException if the graph would not be stored byte for byte as the IR holds it
   */
  public static byte[] bytes(ModelIr ir, String signatureKey, List<String> tags) {
    Objects.requireNonNull(signatureKey, "signatureKey");
    if (tags.isEmpty()) {
      throw new IllegalArgumentException("model '" + ir.modelId() + "': a SavedModel meta graph needs a tag");
    }
    SignatureDef.Builder signature = SignatureDef.newBuilder().setMethodName(PREDICT_METHOD);
    ir.inputs().stream().sorted(Comparator.comparing(TensorSpec::key))
        .forEach(t -> signature.putInputs(t.key(), info(t)));
    ir.outputs().stream().sorted(Comparator.comparing(TensorSpec::key))
        .forEach(t -> signature.putOutputs(t.key(), info(t)));
    GraphDef graph = ir.graphDef();
    MetaGraphDef meta = MetaGraphDef.newBuilder()
        .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder()
            .addAllTags(tags)
            .setTensorflowVersion(TensorFlow.version()))
        .setGraphDef(graph)
        .putSignatureDef(signatureKey, signature.build())
        .build();
    if (!ByteString.copyFrom(ir.graphDefBytes()).equals(meta.getGraphDef().toByteString())) {
      throw new IllegalStateException("model '" + ir.modelId() + "': the graph does not serialize to the "
          + "IR's own bytes; the SavedModel would not hold the graph that was measured");
    }
    return SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(meta).build().toByteArray();
  }

  private static TensorInfo info(TensorSpec t) {
    TensorShapeProto shape = t.hasKnownRank()
        ? ConstTensors.shapeProto(t.shape())
        : TensorShapeProto.newBuilder().setUnknownRank(true).build();
    return TensorInfo.newBuilder().setName(t.tensorName()).setDtype(t.dataType()).setTensorShape(shape).build();
  }
}
