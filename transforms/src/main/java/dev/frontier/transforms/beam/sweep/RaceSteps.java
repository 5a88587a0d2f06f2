package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CandidateEvaluator;
import dev.frontier.transforms.beam.candidate.ImportedModel;
import dev.frontier.transforms.beam.candidate.RacingSlices;
import dev.frontier.transforms.beam.io.StagedFiles;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.ModelData;
import dev.frontier.transforms.config.SweepSpec;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.AccuracyInterval;
import dev.frontier.transforms.measure.PairedTally;
import java.io.Serializable;

/**
 * What every step of racing evaluation shares: where a model's evaluation rows come from, their slices, and the
 * error level of each accuracy bound: {@code 1 − evaluation.confidence} split evenly over the four bounds of an
 * interval and the {@value RacingSlices#ROUNDS} rounds that may stop a candidate (a union bound), so that all of
 * a candidate's intervals hold together at the sweep's confidence.
 */
final class RaceSteps implements Serializable {
  private static final long serialVersionUID = 1L;
  final Catalogue catalogue;
  final SweepSpec sweep;
  final CandidateEvaluator evaluator;

  RaceSteps(Catalogue catalogue, SweepSpec sweep) {
    this.catalogue = catalogue;
    this.sweep = sweep;
    this.evaluator = new CandidateEvaluator(sweep.evaluationBatchRows());
  }

  /** The model's evaluation rows (read once per JVM through the shared data cache). */
  Dataset evaluation(ImportedModel model) {
    return ModelData.shared(catalogue, StagedFiles.create()).split(model.entry()).evaluation();
  }

  RacingSlices slices(Dataset eval) {
    return RacingSlices.of(eval.size(), sweep.evaluationSeed());
  }

  /** The interval of a candidate with tally {@code seen} on {@code eval}. */
  AccuracyInterval interval(PairedTally seen, ImportedModel model, Dataset eval) {
    int floatRight = 0;
    for (int row = 0; row < eval.size(); row++) {
      floatRight += model.floatTop1()[row] == eval.labels()[row] ? 1 : 0;
    }
    double alpha = (1 - sweep.evaluationConfidence()) / (AccuracyInterval.BOUNDS * RacingSlices.ROUNDS);
    return AccuracyInterval.of(seen, eval.size(), floatRight, alpha);
  }
}
