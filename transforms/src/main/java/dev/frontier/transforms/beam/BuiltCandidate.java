package dev.frontier.transforms.beam;

import dev.frontier.transforms.model.ModelIr;
import java.io.Serializable;

/**
 * A candidate after the Compress stage: its compressed IR (the artifact that would ship) and the sizes
 * measured on that artifact's serialized bytes.
 *
 * @param sizeBytes bytes of the serialized GraphDef
 * @param gzipBytes bytes of that GraphDef after gzip
 * @param params weights of the compressible layers
 * @param nonzeroParams of those, the ones not zero (after quantization)
 */
public record BuiltCandidate(CandidateTask task, ModelIr ir, long sizeBytes, long gzipBytes, long params,
    long nonzeroParams) implements Serializable {}
