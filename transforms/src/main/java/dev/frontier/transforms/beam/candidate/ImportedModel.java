package dev.frontier.transforms.beam.candidate;

import dev.frontier.transforms.config.ModelEntry;
import dev.frontier.transforms.model.ModelIr;
import java.io.Serializable;

/**
 * A model after the ImportModel stage: its float IR and the float baseline's top-1 predictions on the
 * model's evaluation rows, computed once so every candidate's agreement is measured against them.
 *
 * @param entry the catalogue entry
 * @param ir the imported float IR
 * @param floatTop1 the float IR's predicted class per evaluation row
 * @param floatMargins how far the float IR's top score stands above its runner-up per evaluation row (racing
 *     settles candidates on the rows a compression most likely flips first); empty when not computed
 * @param floatAccuracy the float IR's top-1 accuracy on the evaluation rows
 * @param contentSha256 hex SHA-256 of the IR's serialized graph: the model's content, weights included
 */
public record ImportedModel(ModelEntry entry, ModelIr ir, int[] floatTop1, float[] floatMargins,
    double floatAccuracy,
    String contentSha256) implements Serializable {

  public String modelId() {
    return entry.id();
  }
}
