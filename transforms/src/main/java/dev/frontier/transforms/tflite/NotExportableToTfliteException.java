package dev.frontier.transforms.tflite;

/**
 * A model or scheme the .tflite writer cannot map: an op without a TFLite equivalent here, an attribute it
 * does not support, or a compression scheme TFLite has no form for. The message starts with "not exportable
 * to TFLite" and names the op (or scheme), its node and the model. No file is written in that case.
 */
public final class NotExportableToTfliteException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public NotExportableToTfliteException(String modelId, String what) {
    super("not exportable to TFLite: " + what + " in model '" + modelId + "'");
  }
}
