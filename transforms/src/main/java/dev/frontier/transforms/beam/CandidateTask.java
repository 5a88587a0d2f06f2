package dev.frontier.transforms.beam;

import dev.frontier.transforms.catalogue.CandidateSpec;
import java.io.Serializable;

/** One candidate to build and measure: the imported model it starts from and its configuration. */
public record CandidateTask(ImportedModel model, CandidateSpec spec) implements Serializable {

  public String candidateId() {
    return spec.candidateId();
  }
}
