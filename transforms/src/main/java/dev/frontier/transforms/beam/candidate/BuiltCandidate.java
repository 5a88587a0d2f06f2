package dev.frontier.transforms.beam.candidate;

import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.ServingSavedModel;
import java.io.Serializable;
import java.util.List;

/**
 * A candidate after the Compress stage: its compressed IR (the artifact that would ship) and the sizes
 * measured on that artifact's serialized bytes.
 *
 * @param ir the shipped artifact: sized here, timed by MeasureLatency
 * @param evaluated the graph accuracy is measured on: the same IR, except for full-integer schemes whose
 *     artifact runs integer kernels and whose accuracy is measured on the exact float simulation of them
 * @param floatLayers layers a full-integer scheme kept in float
 * @param savedModel the shipped IR as a SavedModel: the bytes of its {@code saved_model.pb}, which is all the
 *     folder holds ({@link ServingSavedModel})
 * @param sizeBytes bytes of the serialized GraphDef
 * @param gzipBytes bytes of that GraphDef after gzip
 * @param params weights of the compressible layers
 * @param nonzeroParams of those, the ones not zero (after quantization)
 * @param tfliteBytes bytes of the candidate's .tflite file when asked for and TFLite can express it, else null
 * @param tfliteGzipBytes those bytes after gzip, else null
 */
public record BuiltCandidate(CandidateTask task, ModelIr ir, ModelIr evaluated, List<String> floatLayers,
    byte[] savedModel, long sizeBytes, long gzipBytes, long params, long nonzeroParams, Long tfliteBytes,
    Long tfliteGzipBytes) implements Serializable {}
